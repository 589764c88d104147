/// What merging a changeset did.
public struct MergeReport: Sendable, Equatable, CustomStringConvertible {
    /// Changes that changed the replica.
    public var applied: Int = 0
    /// Changes the replica already held, or that something newer supersedes.
    public var unchanged: Int = 0
    /// Changes refused and kept in the quarantine table, with their reason.
    public var quarantined: Int = 0

    public init(applied: Int = 0, unchanged: Int = 0, quarantined: Int = 0) {
        self.applied = applied
        self.unchanged = unchanged
        self.quarantined = quarantined
    }

    /// Adds another report's counts to this one.
    public static func += (lhs: inout MergeReport, rhs: MergeReport) {
        lhs.applied += rhs.applied
        lhs.unchanged += rhs.unchanged
        lhs.quarantined += rhs.quarantined
    }

    public var description: String { "\(applied) applied, \(unchanged) unchanged, \(quarantined) quarantined" }
}
