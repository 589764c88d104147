import ArgumentParser
import LoketHub

struct HubKeyAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-key",
        abstract: "Make a signing key for an admin or for staff of one branch, and register it at the hub.",
        discussion: """
            Writes the private key to --out (mode 0600; never overwrites) and registers
            the public key in the hub's store under --id. Admin keys enrol terminals and
            see the whole fleet; staff keys belong to one branch (--branch). Run it on
            the hub machine.

            Example:
              loket hub add-key --data hub-data --id fatima --role staff --branch centrale --out fatima.key
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Option(help: "The key's id: 1–64 of A–Z a–z 0–9 . _ -.") var id: String
    @Option(help: "admin or staff.") var role: String
    @Option(help: "For staff: the branch id.") var branch: String?
    @Option(help: "Where to write the private key.") var out: String

    func run() async throws {
        guard let parsed = KeyRecord.Role(rawValue: role) else {
            throw ValidationError("--role must be admin or staff, got \(role)")
        }
        try await HubSetup.addKey(
            data: data, store: store, keyID: id, role: parsed, branch: branch, keyPath: out,
            logger: CommandSupport.logger)
        CommandSupport.printLine("\(role) key \"\(id)\" registered; private key: \(out) (keep it secret)")
    }
}
