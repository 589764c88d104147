import ArgumentParser
import LoketProtocol
import LoketStore
import LoketSyncClient

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

    @Option(help: "The hub's address, http(s)://host:port.") var hub: String
    @Option(help: "The admin key file.") var key: String
    @Option(help: "The terminal's name.") var terminal: String
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?

    func run() async throws {
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let client = try AdminClient(
            hub: hub, key: try SigningKeyFile(contentsOf: key), configuration: configuration, clock: SystemWallClock())
        do {
            try await client.retireTerminal(terminal)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        CommandSupport.printLine("terminal \"\(terminal)\" retired: its key is refused from now on")
    }
}
