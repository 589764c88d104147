import ArgumentParser

struct AdminAlerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "The fleet's alerts as JSON (open ones; --all for those cleared too), or mark one seen.",
        discussion: """
            Example:
              loket admin alerts --hub https://hub.example --key admin.key
              loket admin alerts --hub https://hub.example --key admin.key --acknowledge centrum-01:wipe-failed:-
            """)

    @OptionGroup var options: HubAdminOptions
    @Flag(help: "Cleared alerts too.") var all = false
    @Option(help: "Mark this alert (its id) as seen.") var acknowledge: String?

    func run() async throws {
        let text = try await options.withClient { client in
            if let acknowledge { return try await client.acknowledgeAlert(acknowledge) }
            return try await client.alerts(includeCleared: all)
        }
        CommandSupport.printLine(text)
    }
}
