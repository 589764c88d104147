import ArgumentParser
import LoketHub

struct HubRestored: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restored",
        abstract: "Mark the hub's store as restored from a backup, before serving it again.",
        discussion: """
            Gives the restored log a new epoch. Terminals see it at their next sync, send
            their own changes again (what they pushed after the backup was taken) and pull
            from the start, so the hub and the fleet converge on everything any terminal
            still holds. Terminals enrolled after the backup must be enrolled again.
            Run it once after every restore (docs/OPERATIONS.md, "Backup and restore").

            Example:
              systemctl stop loket-hub
              cp /backup/hub-2026-11-29.sqlite /var/lib/loket/hub/hub.sqlite
              loket hub restored --data /var/lib/loket/hub
              systemctl start loket-hub
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?

    func run() async throws {
        let epoch = try await HubSetup.withHub(data: data, store: store, logger: CommandSupport.logger) { hub in
            try await hub.markRestored(actor: HubSetup.operatorName)
        }
        CommandSupport.printLine(
            "restored: the log's new epoch is \(epoch.prefix(8)); terminals send their changes again at their next sync"
        )
    }
}
