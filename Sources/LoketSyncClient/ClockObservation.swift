/// What one answer of the hub said of the time.
public struct ClockObservation: Sendable, Equatable {
    /// The hub's clock when it answered, Unix milliseconds.
    public var hubMilliseconds: UInt64
    /// How far this terminal's wall clock runs ahead of the hub's (negative: behind).
    public var offsetMilliseconds: Int64

    public init(hubMilliseconds: UInt64, offsetMilliseconds: Int64) {
        self.hubMilliseconds = hubMilliseconds
        self.offsetMilliseconds = offsetMilliseconds
    }
}
