/// Record existence as a causal length (Yu & Rostad, 2020): a number that only rises.
///
/// Odd means alive, even means deleted; 0 means never created. Deleting a live record and
/// re-creating a deleted one each add one. `merge` takes the maximum, so delete and
/// re-create converge the same way on every replica, however the changes are ordered.
public struct CausalLength: Sendable, Hashable, Comparable {
    public private(set) var value: UInt64

    public init(_ value: UInt64 = 0) { self.value = value }

    /// Whether the record exists.
    public var isAlive: Bool { value % 2 == 1 }

    /// Marks the record deleted (no change if it is not alive).
    public mutating func delete() { if isAlive { value += 1 } }

    /// Brings the record (back) to life (no change if it is alive).
    public mutating func create() { if !isAlive { value += 1 } }

    /// Joins another replica's causal length.
    public mutating func merge(_ other: CausalLength) { value = max(value, other.value) }

    public static func < (lhs: CausalLength, rhs: CausalLength) -> Bool { lhs.value < rhs.value }
}
