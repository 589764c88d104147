import ArgumentParser
import LoketHub

struct HubRemoveUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-user",
        abstract: "Remove a console log-in: it can no longer log in, and its open sessions end.",
        discussion: """
            For someone who left, or a log-in that may be known to others. Run it on the hub
            machine; it is in the audit log.

            Example:
              loket hub remove-user --data /var/lib/loket/hub --name fatima
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Option(help: "The user's name.") var name: String

    func run() async throws {
        let removed = try await HubSetup.withHub(data: data, store: store, logger: CommandSupport.logger) { hub in
            let removed = try await hub.removeUser(name: name)
            if removed {
                try await hub.recordAudit(
                    actor: HubSetup.operatorName, action: "user.remove", target: "user:\(name)", detail: "")
            }
            return removed
        }
        guard removed else { throw CommandError("there is no console user \"\(name)\"") }
        CommandSupport.printLine("user \"\(name)\" removed: it can no longer log in, and its sessions have ended")
    }
}
