import ArgumentParser

struct AdminRetireTerminal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire-terminal",
        abstract: "Retire a terminal that was stolen, broken or given up: its key is refused from then on.",
        discussion: """
            The hub forgets the terminal's key at once (every hub process within two
            seconds), never gives its replica id to another terminal, and stops keeping
            changes for it. What it pushed stays. To use the machine again, enrol it anew
            with a new code. It is in the audit log.

            Example:
              loket admin retire-terminal --hub https://hub.example.nl --key admin.key --terminal lpt-zuid-07
            """)

    @OptionGroup var options: HubAdminOptions
    @Option(help: "The terminal's name.") var terminal: String

    func run() async throws {
        try await options.withClient { client in try await client.retireTerminal(terminal) }
        CommandSupport.printLine("terminal \"\(terminal)\" retired: its key is refused from now on")
    }
}
