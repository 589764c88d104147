public import Logging
public import LoketProtocol
public import LoketStore
public import ServiceLifecycle

/// The terminal agent's sync loop as a `Service`: a round every interval while the hub
/// answers, backing off with jitter while it does not, stopped cleanly on shutdown (a
/// round in flight finishes its step; nothing acknowledged is lost either way).
public struct SyncAgent: Service {
    let client: SyncClient
    let configuration: SyncConfiguration
    let logger: Logger
    let sleep: @Sendable (Double) async throws -> Void
    let afterRound: @Sendable () async -> Void
    let metrics: LoketMetrics?
    let health: (@Sendable () async -> HealthReport)?

    /// - Parameters:
    ///   - sleep: waits the given seconds; tests pass one that does not sleep.
    ///   - afterRound: runs after every round, synced or not (the kiosk applies what
    ///     arrived: ``LoketKiosk/ProfileApplier``).
    ///   - health: the terminal's own part of its health report, sent to the hub after
    ///     every round that reached it (``SyncClient/reportHealth(_:)``).
    ///   - metrics: where rounds and the sync's state are counted (`loket_sync_*`,
    ///     `loket_errors_total{kind="sync-…"}`); see ``SyncMetrics``.
    public init(
        client: SyncClient, configuration: SyncConfiguration, logger: Logger,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
        metrics: LoketMetrics? = nil,
        health: (@Sendable () async -> HealthReport)? = nil,
        afterRound: @escaping @Sendable () async -> Void = {}
    ) {
        self.health = health
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.sleep = sleep
        self.afterRound = afterRound
        self.metrics = metrics
        if let metrics {
            SyncMetrics.register(metrics, replica: client.replica, configuration: configuration, clock: client.clock)
        }
    }

    public func run() async throws {
        let backoff = Backoff(
            baseSeconds: configuration.backoffBaseSeconds, capSeconds: configuration.backoffCapSeconds)
        var generator = SystemRandomNumberGenerator()
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await client.sync()
                metrics?.counter("loket_sync_rounds_total", [("result", "ok")]).increment()
                if let health {
                    do { try await client.reportHealth(await health()) } catch {
                        logger.info("the health report did not reach the hub", metadata: ["error": "\(error)"])
                    }
                }
                if failures > 0 { logger.notice("the hub answers again", metadata: ["report": "\(report)"]) }
                failures = 0
            } catch {
                failures += 1
                metrics?.counter("loket_sync_rounds_total", [("result", "failed")]).increment()
                metrics?.counter("loket_errors_total", [("kind", SyncMetrics.kind(of: error))]).increment()
                let level: Logger.Level = failures == 1 ? .warning : .info
                logger.log(level: level, "sync failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
            }
            await afterRound()
            let wait =
                failures == 0
                ? configuration.intervalSeconds : max(0.05, backoff.delay(afterFailures: failures, using: &generator))
            do {
                try await cancelWhenGracefulShutdown { try await sleep(wait) }
            } catch {
                break
            }
        }
        try await client.shutdown()
    }
}
