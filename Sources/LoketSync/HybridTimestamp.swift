/// A hybrid logical clock timestamp: a ``HybridTime`` and the replica that made it.
///
/// Timestamps are totally ordered by `(time, replica)`. Two writes never share one: a
/// replica's clock never repeats a time, and different replicas differ in the id. That
/// order is what last-writer-wins registers use.
public struct HybridTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The clock reading.
    public let time: HybridTime
    /// The replica whose clock made it.
    public let replica: ReplicaID

    public init(time: HybridTime, replica: ReplicaID) {
        self.time = time
        self.replica = replica
    }

    public var description: String { "\(time)@\(replica)" }

    public static func < (lhs: HybridTimestamp, rhs: HybridTimestamp) -> Bool {
        if lhs.time != rhs.time { return lhs.time < rhs.time }
        return lhs.replica < rhs.replica
    }
}
