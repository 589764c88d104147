/// A hybrid logical clock (Kulkarni et al., 2014): physical milliseconds, a logical
/// counter, and the replica id.
///
/// Times it hands out only ever rise, even when the wall clock steps back. Receiving a
/// remote timestamp moves the clock forward so that later local events order after it,
/// but a timestamp more than `maximumDriftMilliseconds` ahead of local wall time is
/// refused with a ``ClockError``: one replica with a wrong clock must not drag every
/// other replica's clock into the future.
///
/// The clock is a value; the caller feeds it wall time, so it does no I/O.
public struct HybridLogicalClock: Sendable, Equatable {
    /// The replica whose clock this is.
    public let replica: ReplicaID
    /// How far ahead of local wall time a received timestamp may be.
    /// The default is 5 minutes.
    public let maximumDriftMilliseconds: UInt64
    /// The highest time handed out or received so far.
    public private(set) var last: HybridTime

    /// The default maximum drift: 5 minutes.
    public static let defaultMaximumDriftMilliseconds: UInt64 = 5 * 60 * 1000

    /// Creates a clock.
    /// - Parameters:
    ///   - replica: the replica whose clock this is.
    ///   - last: the highest time the replica handed out or received before (kept on disk).
    ///   - maximumDriftMilliseconds: how far ahead of wall time a remote timestamp may be.
    public init(
        replica: ReplicaID, last: HybridTime = .zero,
        maximumDriftMilliseconds: UInt64 = defaultMaximumDriftMilliseconds
    ) {
        self.replica = replica
        self.last = last
        self.maximumDriftMilliseconds = maximumDriftMilliseconds
    }

    /// Hands out a new timestamp, greater than every one handed out or received before.
    public mutating func tick(wallMilliseconds: UInt64) -> HybridTimestamp {
        let wall = min(wallMilliseconds, HybridTime.maximumMilliseconds)
        let next: HybridTime
        if wall > last.milliseconds {
            next = HybridTime(uncheckedMilliseconds: wall, counter: 0)
        } else if last.counter < UInt16.max {
            next = HybridTime(uncheckedMilliseconds: last.milliseconds, counter: last.counter + 1)
        } else {
            // 65,536 events in one millisecond: borrow the next millisecond.
            next = HybridTime(uncheckedMilliseconds: last.milliseconds + 1, counter: 0)
        }
        last = next
        return HybridTimestamp(time: next, replica: replica)
    }

    /// Takes a timestamp from another replica into account, or refuses it when it is more
    /// than the maximum drift ahead of `wallMilliseconds`. A refused timestamp leaves the
    /// clock as it was.
    public mutating func receive(_ timestamp: HybridTimestamp, wallMilliseconds: UInt64) throws(ClockError) {
        try check(timestamp, wallMilliseconds: wallMilliseconds)
        if timestamp.time > last { last = timestamp.time }
    }

    /// Throws when `timestamp` is beyond the maximum drift; changes nothing.
    public func check(_ timestamp: HybridTimestamp, wallMilliseconds: UInt64) throws(ClockError) {
        let (limit, overflow) = wallMilliseconds.addingReportingOverflow(maximumDriftMilliseconds)
        if !overflow && timestamp.time.milliseconds > limit {
            throw ClockError(
                timestamp: timestamp, wallMilliseconds: wallMilliseconds,
                maximumDriftMilliseconds: maximumDriftMilliseconds)
        }
    }
}
