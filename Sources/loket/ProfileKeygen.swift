import ArgumentParser
import Crypto
import LoketProtocol

struct ProfileKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing profiles.",
        discussion: """
            Writes the private key to --out (mode 0600; never overwrites) and prints
            the public key. Keep the private key off the terminals and the hub: on the
            admin's machine or a token. Put the public key into a trust file with
            loket profile trust.

            Example:
              loket profile keygen --id admin-2026 --out admin-2026.key
            """)

    @Option(help: "The key's id: 1–64 of A–Z a–z 0–9 . _ -.") var id: String
    @Option(help: "Where to write the private key.") var out: String

    func validate() throws {
        guard id.range(of: "^[A-Za-z0-9._-]{1,64}$", options: .regularExpression) != nil else {
            throw ValidationError("--id must be 1–64 of A–Z a–z 0–9 . _ -, got \"\(id)\"")
        }
    }

    func run() throws {
        let key = SigningKeyFile(keyID: id, privateKey: Curve25519.Signing.PrivateKey())
        try key.write(to: out)
        CommandSupport.printLine("private key: \(out) (keep it secret)")
        CommandSupport.printLine("public key \(id): \(key.publicKeyBase64)")
    }
}
