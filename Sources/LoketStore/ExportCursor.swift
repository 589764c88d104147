import LoketSync

/// Where a paged export continues: the last record sent, what the exporter held when the
/// export began (claimed in the last page's `upTo`), and the export's page marks.
public struct ExportCursor: Sendable, Hashable {
    let collection: String
    let record: String
    let held: VersionVector
    /// The export's random number, the same on every page.
    let export: UInt64
    /// The number of the next page.
    let page: UInt32
}
