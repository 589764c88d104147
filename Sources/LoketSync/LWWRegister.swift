/// A last-writer-wins register: the value written with the greatest timestamp.
///
/// `merge` is a join in a semilattice (idempotent, commutative, associative): it keeps the
/// write with the greater ``HybridTimestamp``, which orders by (time, replica id). Two
/// different values never share a timestamp from honest replicas; should they, the
/// greater value in ``FieldValue``'s total order wins, so the result is still the same
/// everywhere.
public struct LWWRegister: Sendable, Hashable {
    public private(set) var value: FieldValue
    public private(set) var timestamp: HybridTimestamp

    public init(value: FieldValue, timestamp: HybridTimestamp) {
        self.value = value
        self.timestamp = timestamp
    }

    /// Takes a write; returns whether the register changed.
    @discardableResult
    public mutating func assign(_ value: FieldValue, at timestamp: HybridTimestamp) -> Bool {
        guard Self.wins(value, timestamp, over: self.value, self.timestamp) else { return false }
        self.value = value
        self.timestamp = timestamp
        return true
    }

    /// Joins another replica's register into this one.
    public mutating func merge(_ other: LWWRegister) { assign(other.value, at: other.timestamp) }

    /// Whether the write `(value, timestamp)` beats `(otherValue, otherTimestamp)`.
    public static func wins(
        _ value: FieldValue, _ timestamp: HybridTimestamp, over otherValue: FieldValue,
        _ otherTimestamp: HybridTimestamp
    ) -> Bool {
        if timestamp != otherTimestamp { return timestamp > otherTimestamp }
        return otherValue < value
    }
}
