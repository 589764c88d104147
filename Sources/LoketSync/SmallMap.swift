/// A map kept as an array sorted by key: for the handful of fields or replicas of one
/// record, where hashing every key costs more than comparing a few. Two maps with the
/// same entries are equal and hash alike, whatever order they were built in.
///
/// Inlinable, so that other modules get it specialised for their key and value types.
@frozen
public struct SmallMap<Key: Comparable & Hashable & Sendable, Value: Sendable>: Sendable {
    /// One key and its value.
    @frozen
    public struct Entry: Sendable {
        public var key: Key
        public var value: Value

        @inlinable
        init(key: Key, value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, sorted by key (read them by iterating the map).
    @usableFromInline var entries: [Entry]

    @inlinable
    public init() { entries = [] }

    /// A map of entries a decoder read, usually in key order already; otherwise they are
    /// put in order, the later of two with the same key kept.
    @inlinable
    init(read: [Entry]) {
        var ordered = true
        var index = 1
        while index < read.count {
            if !(read[index - 1].key < read[index].key) {
                ordered = false
                break
            }
            index += 1
        }
        if ordered {
            entries = read
        } else {
            entries = []
            for entry in read { self[entry.key] = entry.value }
        }
    }

    /// Makes room for `capacity` entries (a decoder knows how many follow).
    @inlinable
    public mutating func reserveCapacity(_ capacity: Int) { entries.reserveCapacity(capacity) }

    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }
    @inlinable public var keys: [Key] { entries.map(\.key) }
    @inlinable public var values: [Value] { entries.map(\.value) }

    /// The position of `key`, or where it would go.
    @inlinable
    func position(of key: Key) -> (index: Int, found: Bool) {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = entries[middle].key
            if candidate == key { return (middle, true) }
            if candidate < key { low = middle + 1 } else { high = middle }
        }
        return (low, false)
    }

    @inlinable
    public subscript(key: Key) -> Value? {
        get {
            let (index, found) = position(of: key)
            return found ? entries[index].value : nil
        }
        set {
            let (index, found) = position(of: key)
            switch (found, newValue) {
            case (true, .some(let value)): entries[index].value = value
            case (true, nil): entries.remove(at: index)
            case (false, .some(let value)): entries.insert(Entry(key: key, value: value), at: index)
            case (false, nil): break
            }
        }
    }

    @inlinable
    public subscript(key: Key, default defaultValue: @autoclosure () -> Value) -> Value {
        get { self[key] ?? defaultValue() }
        set { self[key] = newValue }
    }

    /// Appends an entry whose key is greater than every key present (for decoders that
    /// read keys in order); falls back to an ordinary insert otherwise.
    @inlinable
    mutating func appendInOrder(_ key: Key, _ value: Value) {
        if !entries.isEmpty, !(entries[entries.count - 1].key < key) {
            self[key] = value
        } else {
            entries.append(Entry(key: key, value: value))
        }
    }
}

extension SmallMap: Sequence {
    /// Walks the entries by index (a lazy map's iterator was not inlined, and encoding a
    /// record's state spent a quarter of its time in it).
    @frozen
    public struct Iterator: IteratorProtocol {
        @usableFromInline let entries: [Entry]
        @usableFromInline var index = 0

        @inlinable
        init(entries: [Entry]) { self.entries = entries }

        @inlinable
        public mutating func next() -> (key: Key, value: Value)? {
            guard index < entries.count else { return nil }
            defer { index += 1 }
            return (entries[index].key, entries[index].value)
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(entries: entries) }

    @inlinable
    public var underestimatedCount: Int { entries.count }
}

extension SmallMap: Equatable where Value: Equatable {
    @inlinable
    public static func == (lhs: SmallMap, rhs: SmallMap) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension SmallMap: Hashable where Value: Hashable {
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.key)
            hasher.combine(entry.value)
        }
    }
}
