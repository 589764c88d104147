public import LoketSync

/// One page of an export: its changes, and where the next page starts (`nil` when this
/// was the last page).
public struct ExportPage: Sendable {
    /// The page's changes. Only the last page carries `upTo`: a receiver claims what the
    /// exporter held once it has every page.
    public let changeset: Changeset
    /// Pass to ``Replica/changes(since:limit:after:)`` for the next page.
    public let next: ExportCursor?
}
