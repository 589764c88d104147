import ArgumentParser
import LoketHub

struct HubInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a hub: its data folder, its store and the first admin key.",
        discussion: """
            Makes DIR (mode 0700), the store (DIR/hub.sqlite, or the tables in --store),
            and the admin key DIR/admin.key (mode 0600). Keep that key safe: it enrols
            terminals.

            Example:
              loket hub init --data hub-data
              loket hub init --data /etc/loket-hub --store postgres://loket:secret@db.example:5432/loket
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?

    func run() async throws {
        let made = try await HubSetup.initialise(data: data, store: store, logger: CommandSupport.logger)
        CommandSupport.printLine("hub store: \(made.storeDescription)")
        CommandSupport.printLine("admin key \"\(made.adminKeyID)\": \(made.adminKeyPath) (keep it secret)")
        CommandSupport.printLine("next: loket hub serve --data \(data)")
    }
}
