/// A remote timestamp the clock refuses to take.
public struct ClockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The timestamp that was refused.
    public let timestamp: HybridTimestamp
    /// The local wall time when it was refused, in milliseconds.
    public let wallMilliseconds: UInt64
    /// The drift that was allowed, in milliseconds.
    public let maximumDriftMilliseconds: UInt64

    public var description: String {
        let ahead = timestamp.time.milliseconds &- wallMilliseconds
        return "timestamp \(timestamp) is \(ahead) ms ahead of local wall time; at most "
            + "\(maximumDriftMilliseconds) ms is allowed. Check the clock of replica "
            + "\(timestamp.replica) (NTP), or raise the maximum drift."
    }
}
