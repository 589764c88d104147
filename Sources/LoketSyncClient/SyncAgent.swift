public import Logging
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

    /// - Parameters:
    ///   - sleep: waits the given seconds; tests pass one that does not sleep.
    ///   - afterRound: runs after every round, synced or not (the kiosk applies what
    ///     arrived: ``LoketKiosk/ProfileApplier``).
    public init(
        client: SyncClient, configuration: SyncConfiguration, logger: Logger,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
        afterRound: @escaping @Sendable () async -> Void = {}
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.sleep = sleep
        self.afterRound = afterRound
    }

    public func run() async throws {
        let backoff = Backoff(
            baseSeconds: configuration.backoffBaseSeconds, capSeconds: configuration.backoffCapSeconds)
        var generator = SystemRandomNumberGenerator()
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let report = try await client.sync()
                if failures > 0 { logger.notice("the hub answers again", metadata: ["report": "\(report)"]) }
                failures = 0
            } catch {
                failures += 1
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
