/// An add-wins observed-remove set (OR-set).
///
/// Each add makes a unique tag (the add's timestamp). A remove removes only the tags it
/// has seen, so an add concurrent with a remove survives: add wins. State is a map from
/// (element, tag) to whether it was removed and by which change; `merge` keeps, per tag,
/// the greater of (removed, last change) — a join that is idempotent, commutative and
/// associative.
public struct AddWinsSet: Sendable, Hashable {
    /// One add of an element.
    public struct Entry: Sendable, Hashable {
        public var element: FieldValue
        public var tag: HybridTimestamp

        public init(element: FieldValue, tag: HybridTimestamp) {
            self.element = element
            self.tag = tag
        }
    }

    /// Whether an add was removed, and the change (the add itself or a remove) that says so.
    public struct EntryState: Sendable, Hashable {
        public var removed: Bool
        public var last: HybridTimestamp

        public init(removed: Bool, last: HybridTimestamp) {
            self.removed = removed
            self.last = last
        }

        /// The join order: removed beats present; then the later change.
        func beats(_ other: EntryState) -> Bool {
            if removed != other.removed { return removed }
            return last > other.last
        }
    }

    /// Every tag ever added, with its state.
    public internal(set) var entries: [Entry: EntryState]

    public init() { entries = [:] }

    /// The elements present (with at least one tag not removed), sorted by their
    /// canonical JSON bytes.
    public var elements: [FieldValue] {
        var present = Set<FieldValue>()
        for (entry, state) in entries where !state.removed { present.insert(entry.element) }
        return present.map { ($0.canonicalJSON, $0) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map(\.1)
    }

    /// Whether `element` is present.
    public func contains(_ element: FieldValue) -> Bool {
        entries.contains { $0.key.element == element && !$0.value.removed }
    }

    /// The tags of `element` that no remove has seen, oldest first.
    public func liveTags(of element: FieldValue) -> [HybridTimestamp] {
        entries.compactMap { $0.key.element == element && !$0.value.removed ? $0.key.tag : nil }.sorted()
    }

    /// Adds `element` under the new tag `tag`.
    public mutating func add(_ element: FieldValue, tag: HybridTimestamp) {
        merge(entry: Entry(element: element, tag: tag), state: EntryState(removed: false, last: tag))
    }

    /// Removes every tag of `element` seen so far, by a change at `timestamp`; returns the
    /// tags removed.
    @discardableResult
    public mutating func remove(_ element: FieldValue, at timestamp: HybridTimestamp) -> [HybridTimestamp] {
        let tags = liveTags(of: element)
        for tag in tags {
            merge(entry: Entry(element: element, tag: tag), state: EntryState(removed: true, last: timestamp))
        }
        return tags
    }

    /// Joins one entry; returns whether anything changed.
    @discardableResult
    public mutating func merge(entry: Entry, state: EntryState) -> Bool {
        if let old = entries[entry], !state.beats(old) { return false }
        entries[entry] = state
        return true
    }

    /// Joins another set into this one.
    public mutating func merge(_ other: AddWinsSet) {
        for (entry, state) in other.entries { merge(entry: entry, state: state) }
    }
}
