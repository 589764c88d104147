public import LoketStore
public import LoketSync

/// How the terminal's sync stands, for `loket sync status` and the fleet.
public struct SyncStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        /// The last round succeeded, recently.
        case online
        /// The last round failed, but the last success is recent.
        case degraded
        /// No success within ``SyncConfiguration/offlineAfterMilliseconds`` (or three sync
        /// intervals, if longer), or never synced.
        case offline
        /// Not enrolled at a hub.
        case notEnrolled = "not-enrolled"
    }

    public var state: State
    public var terminal: String?
    public var hub: String?
    public var scopes: [String]
    public var cursor: Int64
    public var outboxEntries: Int
    public var quarantined: Int
    /// Quarantined changes per reason code (`outside-scope`, `clock-drift`, …).
    public var quarantineReasons: [String: Int]
    public var lastAttemptMilliseconds: Int64?
    public var lastSuccessMilliseconds: Int64?
    public var consecutiveFailures: Int
    public var lastError: String?

    /// The hub `replica` is enrolled at, or `nil` when it is no enrolled terminal.
    public static func enrolledHub(of replica: Replica) throws -> String? {
        let settings = try replica.settings(prefix: "sync.")
        guard settings[SyncSettings.terminal] != nil else { return nil }
        return settings[SyncSettings.hub] ?? "a hub"
    }

    /// Reads the recorded state of `replica`; a terminal never enrolled is `not-enrolled`.
    public static func read(from replica: Replica, configuration: SyncConfiguration, now: Int64) throws -> SyncStatus {
        let settings = try replica.settings(prefix: "sync.")
        let quarantine = try replica.quarantine()
        var reasons: [String: Int] = [:]
        for entry in quarantine { reasons[entry.reasonCode, default: 0] += 1 }
        let lastAttempt = settings[SyncSettings.lastAttempt].flatMap(Int64.init)
        let lastSuccess = settings[SyncSettings.lastSuccess].flatMap(Int64.init)
        let failures = settings[SyncSettings.failures].flatMap(Int.init) ?? 0
        // Recent means within the offline bound, or three sync intervals if that is longer.
        let window = max(configuration.offlineAfterMilliseconds, Int64(configuration.intervalSeconds * 3000))
        let recent = lastSuccess.map { now - $0 <= window } ?? false
        let state: State =
            if settings[SyncSettings.terminal] == nil { .notEnrolled } else if recent && failures == 0 {
                .online
            } else if recent { .degraded } else { .offline }
        return SyncStatus(
            state: state, terminal: settings[SyncSettings.terminal], hub: settings[SyncSettings.hub],
            scopes: TerminalIdentity.list(settings[SyncSettings.scopes]),
            cursor: settings[SyncSettings.cursor].flatMap(Int64.init) ?? 0, outboxEntries: try replica.outboxCount(),
            quarantined: quarantine.count, quarantineReasons: reasons, lastAttemptMilliseconds: lastAttempt,
            lastSuccessMilliseconds: lastSuccess, consecutiveFailures: failures,
            lastError: settings[SyncSettings.lastError])
    }

    /// The status as JSON, for `--json` and monitoring.
    public var json: FieldValue {
        var object: [String: FieldValue] = [
            "state": .string(state.rawValue), "scopes": .array(scopes.map { .string($0) }), "cursor": .int(cursor),
            "outbox_entries": .int(Int64(outboxEntries)), "quarantined": .int(Int64(quarantined)),
            "quarantine_reasons": .object(quarantineReasons.mapValues { .int(Int64($0)) }),
            "consecutive_failures": .int(Int64(consecutiveFailures)),
        ]
        object["terminal"] = terminal.map { .string($0) } ?? .null
        object["hub"] = hub.map { .string($0) } ?? .null
        object["last_attempt_ms"] = lastAttemptMilliseconds.map { .int($0) } ?? .null
        object["last_success_ms"] = lastSuccessMilliseconds.map { .int($0) } ?? .null
        object["last_error"] = lastError.map { .string($0) } ?? .null
        return .object(object)
    }

    /// The status for people, one fact per line.
    public var text: String {
        var lines = ["state: \(state.rawValue)"]
        if let terminal { lines.append("terminal: \(terminal)") }
        if let hub { lines.append("hub: \(hub)") }
        if !scopes.isEmpty { lines.append("scopes: \(scopes.joined(separator: " "))") }
        lines.append("cursor: \(cursor)")
        lines.append("outbox: \(outboxEntries) entries waiting")
        let reasons = quarantineReasons.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        lines.append("quarantine: \(quarantined)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"))
        lines.append("last success: \(lastSuccessMilliseconds.map(Self.format) ?? "never")")
        if consecutiveFailures > 0 { lines.append("failures since: \(consecutiveFailures)") }
        if let lastError { lines.append("last error: \(lastError)") }
        return lines.joined(separator: "\n")
    }

    static func format(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        let days = seconds / 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm), UTC.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let rest = seconds % 86_400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)) UTC"
    }
}
