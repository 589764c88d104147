import ArgumentParser

struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Fleet administration at the hub, signed with an admin key.",
        discussion: """
            Example:
              loket admin enrol --hub https://hub.example --key admin.key \\
                  --terminal centrale-01 --scope branch:centrale --scope terminal:centrale-01
              loket admin terminals --hub https://hub.example --key admin.key
            """,
        subcommands: [
            AdminEnrol.self, AdminTerminals.self, AdminProfileTrust.self, AdminReissueKey.self, AdminAlerts.self,
            AdminStatistics.self, AdminRetireTerminal.self,
        ])
}
