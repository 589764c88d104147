import ArgumentParser
import LoketStore
import LoketSyncClient
import ServiceLifecycle

struct TerminalSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync the replica with the hub: once, or every interval until Ctrl-C.",
        discussion: """
            With --once: one round (push the outbox, pull until caught up), print what
            it did, exit 1 when the hub could not be reached or refused. Without: keep
            syncing, backing off while the hub is away.

            Example:
              loket terminal sync --db terminal.sqlite --once
            """)

    @Option(help: "The terminal's replica (SQLite file).") var db: String
    @Flag(help: "One round, then exit.") var once = false
    @Option(help: "Seconds between rounds.") var interval: Double = 30
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?
    @Option(help: "Another address of the same hub (default: the one enrolled at).") var hub: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.") var logLevel = "info"
    @Option(name: .customLong("pull-limit"), help: .hidden) var pullLimit: Int?
    @Option(name: .customLong("batch-entries"), help: .hidden) var batchEntries: Int?

    func run() async throws {
        guard interval > 0 else { throw ValidationError("--interval must be more than 0 seconds") }
        let logger = try CommandSupport.logger(level: once ? "warning" : logLevel)
        let replica = try CommandSupport.open(db)
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        configuration.intervalSeconds = interval
        if let pullLimit { configuration.pullLimit = max(1, pullLimit) }
        if let batchEntries { configuration.batchEntries = max(1, batchEntries) }
        let client = try SyncClient(
            replica: replica, configuration: configuration, clock: SystemWallClock(), logger: logger, hub: hub)
        if once {
            do {
                let report = try await client.sync()
                try await client.shutdown()
                CommandSupport.printLine("\(report)")
            } catch {
                try? await client.shutdown()
                throw error
            }
            return
        }
        let agent = SyncAgent(client: client, configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [agent], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
