import ArgumentParser
import LoketHub

struct HubRemoveKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-key",
        abstract: "Remove a person's signing key: it is refused from then on.",
        discussion: """
            To rotate a key: add the new one (loket hub add-key), hand it over, then remove
            the old one. Run it on the hub machine; it is in the audit log.

            Example:
              loket hub remove-key --data /var/lib/loket/hub --id fatima-2025
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Option(help: "The key's id.") var id: String

    func run() async throws {
        try await HubSetup.removeKey(data: data, store: store, keyID: id, logger: CommandSupport.logger)
        CommandSupport.printLine("key \"\(id)\" removed: requests it signs are refused")
    }
}
