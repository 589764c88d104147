import ArgumentParser
import Foundation
import LoketKiosk

struct ProfileValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check profile files; every problem with its file, line and field.",
        discussion: """
            Prints one line per valid file on stdout, and every problem of the others on
            stderr as FILE:LINE FIELD: what is wrong. Exits 1 when any file has a
            problem, 0 when all are valid.

            Example:
              loket profile validate KioskProfiles/*.yaml
            """)

    @Argument(help: "Profile files (YAML or JSON).") var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            let text: String
            do {
                text = String(decoding: try CommandSupport.readFile(file, what: "the profile"), as: UTF8.self)
            } catch {
                FileHandle.standardError.write(Data("\(file): cannot read it: no such file, or not readable\n".utf8))
                failed = true
                continue
            }
            do {
                let profile = try ProfileDocument.parse(text, file: file)
                CommandSupport.printLine(
                    "\(file): valid — \(profile.id) version \(profile.version), \(profile.services.count) services, expires \(profile.expires)"
                )
            } catch {
                FileHandle.standardError.write(Data((error.description + "\n").utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
