public import CoreMetrics
import Prometheus
import Synchronization

/// One process's metrics, in the Prometheus text format (docs/OPERATIONS.md, "Metrics").
///
/// Parts count events through swift-metrics (``counter(_:_:)``, ``gauge(_:_:)``) on this
/// object's own factory — no global bootstrap, so a hub and agents in one test process
/// keep apart. What is a state rather than an event (the outbox's length, how long since
/// the last sync, terminals offline) is read when scraped: parts add a ``onScrape(_:)``
/// hook that sets gauges from the replica or the store, so the figures are never stale
/// and survive a restart.
public final class LoketMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    let hooks = Mutex<[@Sendable () async -> Void]>([])

    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// A counter (`…_total`) with labels; the same name and labels give the same counter.
    public func counter(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
    }

    /// A gauge with labels; the same name and labels give the same gauge.
    public func gauge(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory)
    }

    /// Runs `hook` before every scrape, to set gauges from current state.
    public func onScrape(_ hook: @escaping @Sendable () async -> Void) {
        hooks.withLock { $0.append(hook) }
    }

    /// Every metric in the Prometheus text exposition format (version 0.0.4).
    public func scrape() async -> String {
        for hook in hooks.withLock({ $0 }) { await hook() }
        return registry.emitToString()
    }

    /// The content type of ``scrape()``'s text.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
