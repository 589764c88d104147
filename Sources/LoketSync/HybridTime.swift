/// A reading of a hybrid logical clock without the replica: physical milliseconds since
/// 1970 and a logical counter that orders events within one millisecond.
///
/// Ordered by `(milliseconds, counter)`. `packed` puts both in one integer with the same
/// order as a non-negative `Int64` (47 bits of milliseconds, 16 bits of counter), which
/// is how the store keeps it.
public struct HybridTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01 UTC; at most `maximumMilliseconds`.
    public let milliseconds: UInt64
    /// Orders events within one millisecond.
    public let counter: UInt16

    /// The largest millisecond value a time can hold (2^47 − 1, in the year 6429).
    public static let maximumMilliseconds: UInt64 = (1 << 47) - 1

    /// The time before every other time.
    public static let zero = HybridTime(uncheckedMilliseconds: 0, counter: 0)

    /// Creates a time, or returns `nil` when `milliseconds` exceeds `maximumMilliseconds`.
    public init?(milliseconds: UInt64, counter: UInt16) {
        guard milliseconds <= Self.maximumMilliseconds else { return nil }
        self.milliseconds = milliseconds
        self.counter = counter
    }

    init(uncheckedMilliseconds: UInt64, counter: UInt16) {
        self.milliseconds = uncheckedMilliseconds
        self.counter = counter
    }

    /// Both parts in one integer that sorts like the time.
    public var packed: Int64 { Int64(bitPattern: milliseconds << 16 | UInt64(counter)) }

    /// The time that `packed` came from, or `nil` for a negative value.
    public init?(packed: Int64) {
        guard packed >= 0 else { return nil }
        self.init(uncheckedMilliseconds: UInt64(packed) >> 16, counter: UInt16(truncatingIfNeeded: packed))
    }

    public var description: String { "\(milliseconds).\(counter)" }

    public static func < (lhs: HybridTime, rhs: HybridTime) -> Bool {
        (lhs.milliseconds, lhs.counter) < (rhs.milliseconds, rhs.counter)
    }
}
