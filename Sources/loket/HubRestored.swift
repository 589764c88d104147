import ArgumentParser
import Foundation
import LoketHub
import LoketStore

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
        let hubStore = try await HubSetup.openStore(data: data, store: store, logger: CommandSupport.logger)
        do {
            try await hubStore.prepare()
            let hub = Hub(
                store: hubStore, configuration: HubConfiguration(), clock: SystemWallClock(),
                logger: CommandSupport.logger)
            let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.userName
            let epoch = try await hub.markRestored(actor: "os-user:\(user)")
            try await hubStore.close()
            CommandSupport.printLine(
                "restored: the log's new epoch is \(epoch.prefix(8)); terminals send their changes again at their next sync"
            )
        } catch {
            try? await hubStore.close()
            throw error
        }
    }
}
