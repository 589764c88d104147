/// What one sync round did.
public struct SyncReport: Sendable, Equatable, CustomStringConvertible {
    /// Outbox entries the hub acknowledged, and changes it took.
    public var pushedEntries = 0
    public var acceptedChanges = 0
    /// Changes the hub refused; they are in the quarantine now.
    public var refusedChanges = 0
    /// Changes pulled and merged, and pull requests made.
    public var pulledChanges = 0
    public var pullRequests = 0
    /// Whether a snapshot was taken because the terminal was behind the hub's horizon.
    public var tookSnapshot = false
    /// Local records forgotten by the snapshot (deleted elsewhere while away).
    public var forgottenRecords = 0
    /// The cursor after the round.
    public var cursor: Int64 = 0
    /// Own changes sent again because the hub was restored from a backup.
    public var resentChanges = 0
    /// How far this terminal's clock runs from the hub's, milliseconds (0: within a second).
    public var clockOffsetMilliseconds: Int64 = 0
    /// Own changes stamped again because the clock had run ahead of the drift bound.
    public var restampedChanges = 0
    /// Own changes the hub had refused for clock drift, offered again.
    public var requeuedChanges = 0

    public init() {}

    public var description: String {
        var parts = [
            "pushed \(pushedEntries) outbox entries (\(acceptedChanges) changes accepted, \(refusedChanges) refused)",
            "pulled \(pulledChanges) changes in \(pullRequests) requests", "cursor \(cursor)",
        ]
        if tookSnapshot { parts.append("took a snapshot (\(forgottenRecords) records forgotten)") }
        if resentChanges > 0 { parts.append("the hub was restored: \(resentChanges) own changes sent again") }
        if clockOffsetMilliseconds != 0 {
            parts.append("this clock runs \(clockOffsetMilliseconds) ms from the hub's")
        }
        if restampedChanges > 0 {
            parts.append("\(restampedChanges) own changes stamped again (the clock had run ahead)")
        }
        if requeuedChanges > 0 { parts.append("\(requeuedChanges) changes refused for clock drift offered again") }
        return parts.joined(separator: "; ")
    }
}
