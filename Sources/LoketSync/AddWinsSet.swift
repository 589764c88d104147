/// An add-wins observed-remove set (OR-set).
///
/// Each add makes a unique tag (the add's timestamp). A remove removes only the tags it
/// has seen, so an add concurrent with a remove survives: add wins. State is a map from
/// (element, tag) to "removed?"; `merge` unions the tags and ORs the removed flags, a
/// join that is idempotent, commutative and associative.
public struct AddWinsSet: Sendable, Hashable {
    /// One add of an element, and whether a remove has seen it.
    public struct Entry: Sendable, Hashable {
        public var element: FieldValue
        public var tag: HybridTimestamp
    }

    /// Every tag ever added, with whether it was removed.
    public private(set) var entries: [Entry: Bool]

    public init() { entries = [:] }

    /// The elements present: those with at least one tag not removed.
    public var elements: Set<FieldValue> {
        var result = Set<FieldValue>()
        for (entry, removed) in entries where !removed { result.insert(entry.element) }
        return result
    }

    /// Whether `element` is present.
    public func contains(_ element: FieldValue) -> Bool {
        entries.contains { $0.key.element == element && !$0.value }
    }

    /// Adds `element` under the new tag `tag`.
    public mutating func add(_ element: FieldValue, tag: HybridTimestamp) {
        merge(entry: Entry(element: element, tag: tag), removed: false)
    }

    /// Removes every tag of `element` seen so far; returns the tags removed.
    @discardableResult
    public mutating func remove(_ element: FieldValue) -> [HybridTimestamp] {
        var removed: [HybridTimestamp] = []
        for (entry, gone) in entries where entry.element == element && !gone {
            entries[entry] = true
            removed.append(entry.tag)
        }
        return removed
    }

    /// Joins one (element, tag) entry; returns whether anything changed.
    @discardableResult
    public mutating func merge(entry: Entry, removed: Bool) -> Bool {
        let old = entries[entry]
        let new = (old ?? false) || removed
        entries[entry] = new
        return old != new
    }

    /// Joins another set into this one.
    public mutating func merge(_ other: AddWinsSet) {
        for (entry, removed) in other.entries { merge(entry: entry, removed: removed) }
    }
}
