/// A batch of changes with the version vectors that say what it completes.
///
/// A changeset exported for a peer whose vector was `since` holds every change the
/// exporter has (or a change that supersedes it) with a time above `since` for its
/// origin, up to `upTo`. A receiver whose own vector covers `since[r]` may therefore
/// raise its entry for `r` to `upTo[r]` after merging; one that does not still applies
/// every change and simply keeps its entry (see ``VersionVector``).
public struct Changeset: Sendable, Hashable {
    /// What the exporter assumed the receiver already held.
    public var since: VersionVector
    /// What a receiver holding `since` holds after merging this changeset.
    public var upTo: VersionVector
    /// The changes, in the exporter's order.
    public var changes: [Change]

    public init(since: VersionVector = VersionVector(), upTo: VersionVector = VersionVector(), changes: [Change]) {
        self.since = since
        self.upTo = upTo
        self.changes = changes
    }

    /// The entries a receiver with vector `local` may raise after merging, applied.
    public func advancing(_ local: VersionVector) -> VersionVector {
        var result = local
        for (replica, time) in upTo.entries where local[replica] >= since[replica] {
            result.advance(replica, to: time)
        }
        return result
    }
}
