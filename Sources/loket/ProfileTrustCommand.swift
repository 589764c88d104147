import ArgumentParser
import Foundation
import LoketKiosk
import LoketProtocol

struct ProfileTrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Write a trust file: the admin keys terminals accept profiles from.",
        discussion: """
            The trust file lists the public halves of the --key files and how many of
            them must sign a profile (--threshold). Each listed key signs it. To rotate
            keys, write the next version with the new keys and sign it with the keys of
            the version terminals hold now (--previous-key): terminals accept it
            without being enrolled again.

            Example:
              loket profile trust --key admin-2026.key --out trust.json
              loket profile trust --version 2 --key admin-2027.key \\
                  --previous-key admin-2026.key --out trust-v2.json
            """)

    @Option(name: .customLong("key"), help: "A private key file whose public half is trusted (repeat).")
    var keys: [String]
    @Option(
        name: .customLong("previous-key"), help: "A key of the trust this one replaces; it signs too (repeat).")
    var previousKeys: [String] = []
    @Option(help: "How many of the keys must sign a profile.") var threshold = 1
    @Option(help: "The trust file's version: 1, then one more at each rotation.") var version = 1
    @Option(help: "Where to write the trust file.") var out: String

    func validate() throws {
        guard !keys.isEmpty else { throw ValidationError("give at least one --key") }
        guard (1...keys.count).contains(threshold) else {
            throw ValidationError("--threshold must be 1–\(keys.count) (the number of --key files), got \(threshold)")
        }
        guard version >= 1 else { throw ValidationError("--version must be 1 or more, got \(version)") }
    }

    func run() throws {
        let signers = try keys.map { try SigningKeyFile(contentsOf: $0) }
        let previous = try previousKeys.map { try SigningKeyFile(contentsOf: $0) }
        let trust = ProfileTrust(version: version, threshold: threshold, signers: signers)
        let bytes = try trust.file(signedBy: previous + signers)
        guard !FileManager.default.fileExists(atPath: out) else {
            throw CommandError("\(out) exists; choose another --out (a trust file is never overwritten)")
        }
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else {
            throw CommandError("cannot write \(out)")
        }
        CommandSupport.printLine(
            "trust version \(version): \(signers.map(\.keyID).joined(separator: ", ")), threshold \(threshold) → \(out)"
        )
    }
}
