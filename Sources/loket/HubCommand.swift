import ArgumentParser

struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Run the central hub that terminals sync with.",
        discussion: """
            A hub keeps its state in SQLite in its data folder, or in PostgreSQL
            (--store), where any number of hub processes can serve the same fleet behind
            a load balancer.

            Example:
              loket hub init --data /var/lib/loket-hub
              loket hub serve --data /var/lib/loket-hub --listen 0.0.0.0:8470 \\
                  --tls-cert /etc/loket/hub.pem --tls-key /etc/loket/hub-key.pem
            """,
        subcommands: [
            HubInit.self, HubServe.self, HubGC.self, HubKeyAdd.self, HubAddUser.self, HubRestored.self, HubUnit.self,
            HubRemoveKey.self, HubRemoveUser.self, HubImportOutbox.self,
        ])
}
