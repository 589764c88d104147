/// Waits between failed sync rounds: exponential with full jitter, so a fleet coming back
/// after a hub outage spreads its retries instead of arriving at once.
public struct Backoff: Sendable {
    public var baseSeconds: Double
    public var capSeconds: Double

    public init(baseSeconds: Double, capSeconds: Double) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
    }

    /// The bound after `failures` failures in a row: base × 2^(failures − 1), at most the cap.
    public func bound(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        return min(capSeconds, baseSeconds * Double(1 << min(failures - 1, 40)))
    }

    /// A wait drawn uniformly from zero to the bound.
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let bound = bound(afterFailures: failures)
        return bound > 0 ? Double.random(in: 0...bound, using: &generator) : 0
    }
}
