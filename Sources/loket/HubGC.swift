import ArgumentParser
import LoketHub
import LoketStore

struct HubGC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Fold the hub's log and drop tombstones now (a running hub does it every 10 minutes).",
        discussion: """
            Moves the horizon to the lowest cursor every terminal seen within
            --retention-days has pulled from. A terminal silent for longer gets a
            snapshot when it returns.

            Example:
              loket hub gc --data hub-data --retention-days 30
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Option(
        name: .customLong("retention-days"), help: "Terminals silent longer than this do not hold the horizon back.")
    var retentionDays: Double = 30

    func run() async throws {
        guard retentionDays >= 0 else { throw ValidationError("--retention-days must be 0 or more") }
        let hubStore = try await HubSetup.openStore(data: data, store: store, logger: CommandSupport.logger)
        var configuration = HubConfiguration()
        configuration.tombstoneRetentionMilliseconds = Int64(retentionDays * 86_400_000)
        let hub = Hub(
            store: hubStore, configuration: configuration, clock: SystemWallClock(), logger: CommandSupport.logger)
        do {
            try await hubStore.prepare()
            let report = try await hub.collectGarbage()
            try await hubStore.close()
            CommandSupport.printLine("\(report)")
        } catch {
            try? await hubStore.close()
            throw error
        }
    }
}
