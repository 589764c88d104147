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
            without being enrolled again. --reissuer lists a hub's reissue key
            (loket admin reissue-key): with it the hub may roll a bad rollout back
            by itself, re-issuing content the admins signed under a higher version.

            Example:
              loket profile trust --key admin-2026.key --out trust.json \\
                  --reissuer "$(loket admin reissue-key --hub http://127.0.0.1:8470 --key hub-data/admin.key)"
              loket profile trust --version 2 --key admin-2027.key \\
                  --previous-key admin-2026.key --out trust-v2.json
            """)

    @Option(name: .customLong("key"), help: "A private key file whose public half is trusted (repeat).")
    var keys: [String]
    @Option(
        name: .customLong("previous-key"), help: "A key of the trust this one replaces; it signs too (repeat).")
    var previousKeys: [String] = []
    @Option(name: .customLong("reissuer"), help: "A hub's reissue key, <id>=<public key> (repeat).")
    var reissuers: [String] = []
    @Option(help: "How many of the keys must sign a profile.") var threshold = 1
    @Option(help: "The trust file's version: 1, then one more at each rotation.") var version = 1
    @Option(help: "Where to write the trust file.") var out: String

    func validate() throws {
        guard !keys.isEmpty else { throw ValidationError("give at least one --key") }
        guard (1...keys.count).contains(threshold) else {
            throw ValidationError("--threshold must be 1–\(keys.count) (the number of --key files), got \(threshold)")
        }
        guard version >= 1 else { throw ValidationError("--version must be 1 or more, got \(version)") }
        _ = try parsedReissuers()
    }

    func parsedReissuers() throws -> [String: String] {
        var result: [String: String] = [:]
        for text in reissuers {
            let parts = text.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let raw = Data(base64Encoded: String(parts[1])), raw.count == 32 else {
                throw ValidationError(
                    "--reissuer must be <id>=<32-byte public key in base64> as loket admin reissue-key prints it, got \"\(text)\""
                )
            }
            result[String(parts[0])] = String(parts[1])
        }
        return result
    }

    func run() throws {
        let signers = try keys.map { try SigningKeyFile(contentsOf: $0) }
        let previous = try previousKeys.map { try SigningKeyFile(contentsOf: $0) }
        let trust = ProfileTrust(
            version: version, threshold: threshold, signers: signers, reissuers: try parsedReissuers())
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
