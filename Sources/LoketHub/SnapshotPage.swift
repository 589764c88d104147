public import LoketSync

/// One page of a snapshot: the folded state of records in the terminal's scopes, as changes.
public struct SnapshotPage: Sendable {
    public var changes: [Change]
    /// The cursor the snapshot stands for: pull from here once every page is merged.
    public var horizon: Int64
    /// The key of the last record on this page (`collection/record`), when more follow.
    public var next: String?
    /// Every record on the page, `collection/record` (the terminal drops records it holds in
    /// these scopes that no page names).
    public var recordCount: Int

    public init(changes: [Change], horizon: Int64, next: String?, recordCount: Int) {
        self.changes = changes
        self.horizon = horizon
        self.next = next
        self.recordCount = recordCount
    }
}
