public import LoketSync

/// What a replica knows of its clock: how far its wall clock runs from the hub's, the last
/// time the hub confirmed, and the highest time its hybrid clock has reached.
public struct ClockReference: Sendable, Equatable {
    /// Milliseconds the wall clock runs ahead of the hub's (negative: behind); 0 when
    /// unknown or within a second.
    public let offsetMilliseconds: Int64
    /// The hub's time at the last sync, in milliseconds since 1970 (0: never synced).
    public let goodMilliseconds: UInt64
    /// The highest time handed out or received.
    public let last: HybridTime
    /// Own changes restamped because the clock had run ahead (by the call that answered).
    public let restamped: Int
}
