import ArgumentParser
import Foundation
import LoketKiosk
import LoketProtocol

struct ProfileSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Validate a profile and sign it with admin keys.",
        discussion: """
            Validates the profile (the same checks as loket profile validate; a profile
            with a problem is not signed), then writes it as canonical JSON (RFC 8785)
            in a signed envelope to --out, by default beside the file as NAME.signed.json.

            Example:
              loket profile sign --key admin-2026.key KioskProfiles/library-public-computer.yaml
            """)

    @Option(name: .customLong("key"), help: "A private key file to sign with (repeat for several).")
    var keys: [String]
    @Option(help: "Where to write the signed profile.") var out: String?
    @Argument(help: "The profile (YAML or JSON).") var file: String

    func run() throws {
        guard !keys.isEmpty else { throw ValidationError("give at least one --key") }
        let text = String(decoding: try CommandSupport.readFile(file, what: "the profile"), as: UTF8.self)
        let profile: KioskProfile
        do { profile = try ProfileDocument.parse(text, file: file) } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        let signers = try keys.map { try SigningKeyFile(contentsOf: $0) }
        let bytes = try SignedProfile.sign(profile, with: signers)
        let target = out ?? Self.defaultOutput(for: file)
        guard FileManager.default.createFile(atPath: target, contents: Data(bytes)) else {
            throw CommandError("cannot write \(target)")
        }
        CommandSupport.printLine(
            "\(profile.id) version \(profile.version) signed by \(signers.map(\.keyID).joined(separator: ", ")) → \(target)"
        )
    }

    static func defaultOutput(for file: String) -> String {
        for suffix in [".yaml", ".yml", ".json"] where file.hasSuffix(suffix) {
            return String(file.dropLast(suffix.count)) + ".signed.json"
        }
        return file + ".signed.json"
    }
}
