/// Marks one page of a paged export: which export, which page, whether the last.
///
/// Only the last page carries the export's claim (`upTo`), and the claim counts only for
/// a receiver that merged every page before it: the receiver notes the pages it merged
/// and raises its version vector when the last page finds them all (a page lost on the
/// way leaves the vector where it was, so the next export sends the lost records again).
public struct ExportPageMark: Sendable, Hashable {
    /// A random number the exporter draws once per export.
    public var export: UInt64
    /// The page's place, from 0.
    public var number: UInt32
    /// Whether this is the last page (the one with the claim).
    public var isLast: Bool

    public init(export: UInt64, number: UInt32, isLast: Bool) {
        self.export = export
        self.number = number
        self.isLast = isLast
    }
}
