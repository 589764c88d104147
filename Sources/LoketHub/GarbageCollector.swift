import Logging
import ServiceLifecycle

/// Runs ``Hub/collectGarbage()`` every ``HubConfiguration/garbageCollectionIntervalSeconds``
/// until shutdown. A failed round is logged and tried again next time.
struct GarbageCollector: Service {
    let hub: Hub

    func run() async throws {
        let interval = Duration.seconds(hub.configuration.garbageCollectionIntervalSeconds)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            do { _ = try await hub.collectGarbage() } catch {
                hub.logger.error("garbage collection failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
