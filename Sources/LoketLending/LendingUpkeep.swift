public import ServiceLifecycle

/// Keeps the lending desk's history within its retention period, as a `Service`: purges
/// at start and then every hour. Stops on shutdown.
public struct LendingUpkeep: Service {
    let desk: LendingDesk
    let sleep: @Sendable () async throws -> Void

    /// - Parameter sleep: waits until the next round (an hour; tests pass their own).
    public init(
        desk: LendingDesk,
        sleep: @escaping @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(3600)) }
    ) {
        self.desk = desk
        self.sleep = sleep
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try desk.purgeHistory() } catch {
                desk.logger.error("purging old loan history failed", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await sleep() } } catch { break }
        }
    }
}
