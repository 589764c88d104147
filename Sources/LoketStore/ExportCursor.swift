import LoketSync

/// Where a paged export continues: the last record sent, and what the exporter held
/// when the export began (claimed in the last page's `upTo`).
public struct ExportCursor: Sendable, Hashable {
    let collection: String
    let record: String
    let held: VersionVector
}
