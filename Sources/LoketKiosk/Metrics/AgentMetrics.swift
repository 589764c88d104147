import GRDB
import LoketPeripherals
public import LoketStore

/// The terminal's own figures as metrics, read from its replica when scraped (so they
/// hold across restarts): visitor sessions by kind (`loket_sessions_recorded`, a counter —
/// session records are kept), sessions running, wipes done and failed, print jobs per
/// state, alerts up. None carries a card, a document or anything a visitor did.
public enum AgentMetrics {
    static let printStates = PrintJobState.allCases.map(\.rawValue)
    static let sessionKinds = ["guest", "card"]

    public static func register(_ metrics: LoketMetrics, replica: Replica, terminal: String) {
        metrics.onScrape {
            do {
                try replica.read { db in
                    try collect(metrics, db: db, terminal: terminal)
                }
            } catch {
                metrics.counter("loket_errors_total", [("kind", "metrics-read")]).increment()
            }
        }
    }

    static func collect(_ metrics: LoketMetrics, db: Database, terminal: String) throws {
        var kinds = Dictionary(uniqueKeysWithValues: sessionKinds.map { ($0, 0) })
        for row in try Row.fetchAll(
            db, sql: "SELECT kind, count(*) FROM sessions WHERE terminal = ? GROUP BY kind", arguments: [terminal])
        {
            if let kind = row[0] as String? { kinds[kind] = row[1] }
        }
        for (kind, count) in kinds { metrics.gauge("loket_sessions_recorded", [("kind", kind)]).record(count) }
        let active =
            try Int.fetchOne(
                db,
                sql: "SELECT count(*) FROM sessions WHERE terminal = ? AND started_at IS NOT NULL AND ended_at IS NULL",
                arguments: [terminal]) ?? 0
        metrics.gauge("loket_sessions_active").record(active)
        let wiped =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM sessions WHERE terminal = ? AND wiped_at IS NOT NULL",
                arguments: [terminal]) ?? 0
        let failed =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM sessions WHERE terminal = ? AND wipe_error IS NOT NULL",
                arguments: [terminal]) ?? 0
        metrics.gauge("loket_wipes_recorded", [("result", "ok")]).record(wiped)
        metrics.gauge("loket_wipes_recorded", [("result", "failed")]).record(failed)
        var states = Dictionary(uniqueKeysWithValues: printStates.map { ($0, 0) })
        for row in try Row.fetchAll(
            db, sql: "SELECT state, count(*) FROM print_jobs WHERE terminal = ? GROUP BY state", arguments: [terminal])
        {
            if let state = row[0] as String?, states[state] != nil { states[state] = row[1] }
        }
        for (state, count) in states { metrics.gauge("loket_print_jobs", [("state", state)]).record(count) }
        let alerts =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM alerts WHERE raised_at IS NOT NULL AND cleared_at IS NULL") ?? 0
        metrics.gauge("loket_alerts_open").record(alerts)
    }
}
