import ArgumentParser
import Foundation
import LoketSync

struct ChangesExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the changes another replica lacks to a file.",
        discussion: """
            Without --since, every change is written. The file is binary (see
            docs/PROTOCOL.md) unless --json is given; `changes import` reads both. The
            binary file is in the compact version 2; a Loket older than version 2's
            arrival reads only version 1: give --binary-version 1 for it. The file is
            written atomically.

            Example:
              loket changes export here.sqlite --since there-vv.json -o /media/usb/changes.lkc
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Option(help: "A version vector file (from `loket changes vv`) of the replica that will import.")
    var since: String?
    @Flag(help: "Write the JSON form instead of the binary one.") var json = false
    @Option(help: "The binary form's version: 2 (compact, the default) or 1 (read by every Loket).")
    var binaryVersion: UInt8 = Changeset.compactBinaryVersion
    @Option(name: .shortAndLong, help: "The file to write.") var output: String

    func validate() throws {
        guard Changeset.readableBinaryVersions.contains(binaryVersion) else {
            throw ValidationError("--binary-version must be 1 or 2, got \(binaryVersion)")
        }
    }

    func run() throws {
        var vector = VersionVector()
        if let since {
            let text = String(decoding: try CommandSupport.readFile(since, what: "version vector file"), as: UTF8.self)
            do { vector = try VersionVector(json: try FieldValue(json: text)) } catch {
                throw CommandError("\(since): \(error)")
            }
        }
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        let changeset = try replica.changes(since: vector)
        let bytes = json ? Array((changeset.json.prettyJSON + "\n").utf8) : changeset.encoded(version: binaryVersion)
        do { try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            throw CommandError("cannot write \(output): \(error.localizedDescription)")
        }
        CommandSupport.printLine("\(changeset.changes.count) changes, \(bytes.count) bytes written to \(output)")
    }
}
