/// A batch of changes with the version vectors that say what it completes.
///
/// A changeset exported for a peer whose vector was `since` holds every change the
/// exporter has (or a change that supersedes it) with a time above `since` for its
/// origin, up to `upTo`. A receiver whose own vector covers `since[r]` may therefore
/// raise its entry for `r` — but only as far as the changes it took back the claim
/// (``advancing(_:taken:)``): a claim alone never moves a vector (docs/PROTOCOL.md,
/// "Version vectors").
public struct Changeset: Sendable, Hashable {
    /// What the exporter assumed the receiver already held.
    public var since: VersionVector
    /// What a receiver holding `since` holds after merging this changeset.
    public var upTo: VersionVector
    /// The changes, in the exporter's order.
    public var changes: [Change]
    /// Where this changeset stands in a paged export, or `nil` when it stands alone.
    public var page: ExportPageMark?

    public init(
        since: VersionVector = VersionVector(), upTo: VersionVector = VersionVector(), changes: [Change],
        page: ExportPageMark? = nil
    ) {
        self.since = since
        self.upTo = upTo
        self.changes = changes
        self.page = page
    }

    /// Per origin, the greatest time among `changes`: what the changes themselves show
    /// of each origin.
    public var contentVector: VersionVector {
        var result = VersionVector()
        for change in changes { result.advance(change.origin, to: change.timestamp.time) }
        return result
    }

    /// The entries a receiver with vector `local` may raise after merging, applied: for
    /// each origin `r` of `upTo` with `local[r] ≥ since[r]`, to `upTo[r]`, but never past
    /// `taken[r]` — the greatest time of `r`'s changes the receiver took from this
    /// changeset (applied, or already held). An empty changeset moves nothing, whatever
    /// it claims.
    public func advancing(_ local: VersionVector, taken: VersionVector) -> VersionVector {
        var result = local
        for (replica, time) in upTo.entries where local[replica] >= since[replica] {
            result.advance(replica, to: min(time, taken[replica]))
        }
        return result
    }
}
