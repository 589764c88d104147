public import LoketSync

/// One page of a snapshot: the folded state of records in the terminal's scopes, as changes.
/// The terminal forgets the records of these scopes that no page names.
public struct SnapshotPage: Sendable {
    public var changes: [Change]
    /// The cursor the snapshot stands for: pull from here once every page is merged.
    public var horizon: Int64
    /// The key of the last record on this page (`collection/record`), when more follow.
    public var next: String?

    public init(changes: [Change], horizon: Int64, next: String?) {
        self.changes = changes
        self.horizon = horizon
        self.next = next
    }
}
