public import LoketSync
import Synchronization

/// A wall clock that moves only when a test moves it.
public final class ManualWallClock: WallClock {
    private let milliseconds: Mutex<UInt64>

    /// Starts at `milliseconds` (default: 2026-01-01T00:00:00Z).
    public init(milliseconds: UInt64 = 1_767_225_600_000) { self.milliseconds = Mutex(milliseconds) }

    public func nowMilliseconds() -> UInt64 { milliseconds.withLock { $0 } }

    /// Moves the clock forward (or back, with a negative value) by `delta` milliseconds.
    public func advance(by delta: Int64) {
        milliseconds.withLock { $0 = UInt64(Int64($0) + delta) }
    }

    /// Sets the clock.
    public func set(_ value: UInt64) { milliseconds.withLock { $0 = value } }
}
