public import LoketProtocol

/// Which alerts hold for a terminal, from what the hub knows of it: when it was last
/// heard from, and its last health report (docs/OPERATIONS.md, "Alerts"). Pure: the hub's
/// check and the tests call it with a time.
public struct AlertRules: Sendable {
    /// Offline after this long without a request, seconds. Default 15 minutes.
    public var offlineAfterSeconds: Int = 900
    /// Sync lag: the oldest change not yet taken by the hub is older than this, seconds.
    /// Default 10 minutes.
    public var syncLagSeconds: Int = 600
    /// Disk filling: less free space than this, percent. Default 10.
    public var diskFreePercent: Int = 10
    /// Clock wrong: the terminal's clock runs further than this from the hub's, seconds.
    /// Default 5 minutes, the drift bound (the terminal stamps with the hub's time then).
    public var clockSkewSeconds: Int = 300

    public init() {}

    public func conditions(lastSeenMilliseconds: Int64, health: HealthReport?, now: Int64) -> [AlertCondition] {
        var found: [AlertCondition] = []
        let silent = (now - lastSeenMilliseconds) / 1000
        if lastSeenMilliseconds > 0, silent > Int64(offlineAfterSeconds) {
            found.append(
                AlertCondition(
                    kind: "terminal-offline", detail: "not heard from for \(Self.duration(silent))"))
        }
        guard let health else { return found }
        if health.sessionState == "out-of-order" {
            found.append(
                AlertCondition(
                    kind: "wipe-failed",
                    detail: "a wipe failed: the terminal is out of order until a wipe succeeds (see its log)"))
        }
        for alert in health.alerts where alert.hasPrefix("profile-invalid/") {
            let profile = String(alert.dropFirst("profile-invalid/".count))
            found.append(
                AlertCondition(
                    kind: "profile-invalid", subject: profile,
                    detail:
                        "the installed profile \(profile) expired, or its signers are no longer trusted: the terminal takes no sessions until a current, trusted version reaches it"
                ))
        }
        if let oldest = health.outboxOldestSeconds, oldest > syncLagSeconds {
            found.append(
                AlertCondition(
                    kind: "sync-lag",
                    detail:
                        "\(health.outboxEntries) changes wait to reach the hub, the oldest for \(Self.duration(Int64(oldest)))"
                ))
        }
        for alert in health.alerts where alert.hasPrefix("device-missing/") {
            let kind = String(alert.dropFirst("device-missing/".count))
            found.append(
                AlertCondition(
                    kind: "device-missing", subject: kind,
                    detail: "the profile expects a \(kind); none is plugged in"))
        }
        for device in health.peripherals where device.kind == "printer" && device.state != "ok" {
            found.append(
                AlertCondition(
                    kind: "printer-offline", subject: "printer",
                    detail: "the printer does not take jobs" + (device.detail.map { ": \($0)" } ?? "")))
        }
        if let offset = health.clockOffsetMilliseconds, offset.magnitude / 1000 > UInt64(clockSkewSeconds) {
            found.append(
                AlertCondition(
                    kind: "clock-wrong",
                    detail:
                        "the terminal's clock runs \(Self.duration(Int64(offset.magnitude / 1000))) \(offset > 0 ? "ahead of" : "behind") the hub's; it stamps its writes with the hub's time until it is set right"
                ))
        }
        if let free = health.diskFreePercent, free < diskFreePercent {
            found.append(AlertCondition(kind: "disk-filling", detail: "\(free)% of the disk is free"))
        }
        return found
    }

    /// `42 minutes`, `3 hours`, `2 days`.
    static func duration(_ seconds: Int64) -> String {
        if seconds < 120 { return "\(seconds) seconds" }
        if seconds < 7_200 { return "\(seconds / 60) minutes" }
        if seconds < 172_800 { return "\(seconds / 3_600) hours" }
        return "\(seconds / 86_400) days"
    }
}
