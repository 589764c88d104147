/// Where the physical part of hybrid time comes from.
///
/// Injected everywhere time matters, so tests drive time by hand and never sleep.
public protocol WallClock: Sendable {
    /// Milliseconds since 1970-01-01 UTC.
    func nowMilliseconds() -> UInt64
}
