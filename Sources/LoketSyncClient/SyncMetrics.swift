public import LoketStore
public import LoketSync
import Synchronization

/// The sync's state as metrics, read from the replica when scraped: the outbox's length,
/// seconds since the last successful round, quarantined changes by reason, and the state
/// (online, degraded, offline, not-enrolled) as a 1 beside the current one.
public enum SyncMetrics {
    public static func register(
        _ metrics: LoketMetrics, replica: Replica, configuration: SyncConfiguration, clock: any WallClock
    ) {
        let reasons = Mutex<Set<String>>([])
        metrics.onScrape {
            let now = Int64(clamping: clock.nowMilliseconds())
            guard let status = try? SyncStatus.read(from: replica, configuration: configuration, now: now) else {
                return
            }
            metrics.gauge("loket_outbox_entries").record(status.outboxEntries)
            // Never synced: the lag counts from nothing, shown as -1.
            let lag = status.lastSuccessMilliseconds.map { max(0, now - $0) / 1000 } ?? -1
            metrics.gauge("loket_sync_lag_seconds").record(lag)
            metrics.gauge("loket_sync_consecutive_failures").record(status.consecutiveFailures)
            for state in ["online", "degraded", "offline", "not-enrolled"] {
                metrics.gauge("loket_sync_state", [("state", state)]).record(status.state.rawValue == state ? 1 : 0)
            }
            // A reason seen before and gone now (the changes were retried) shows 0.
            let known = reasons.withLock {
                $0.formUnion(status.quarantineReasons.keys)
                return $0
            }
            for reason in known {
                metrics.gauge("loket_quarantined_changes", [("reason", reason)])
                    .record(status.quarantineReasons[reason] ?? 0)
            }
        }
    }

    /// The `kind` label of a failed round.
    public static func kind(of error: any Error) -> String {
        switch error as? SyncError {
        case .notEnrolled?: "sync-not-enrolled"
        case .unreachable?: "sync-unreachable"
        case .hub(let status, _, _)?: status >= 500 ? "sync-hub-failed" : "sync-refused"
        case .badAnswer?: "sync-bad-answer"
        case .unverified?: "sync-unverified"
        case nil: "sync-local"
        }
    }
}
