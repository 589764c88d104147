/// How wrong passwords slow log-ins down: a few are free, then each next attempt waits
/// twice as long as the one before (1 s, 2 s, 4 s, …) up to a cap, counted over the last
/// 15 minutes. Growing delays instead of a hard lock: an attacker gets a handful of
/// guesses an hour, and the person whose name they try waits seconds, not 15 minutes.
struct LoginThrottle: Sendable {
    /// Wrong passwords allowed before the delays begin.
    var free: Int
    /// The longest delay, milliseconds.
    var capMilliseconds: Int64

    /// Per account name: five free, then at most a minute's wait.
    static let account = LoginThrottle(free: 5, capMilliseconds: 60_000)
    /// Per client address (behind a reverse proxy, the one it forwards when trusted:
    /// ``TrustedProxies``): ten free, then up to 15 minutes.
    static let address = LoginThrottle(free: 10, capMilliseconds: 15 * 60_000)
    /// How long a wrong password counts.
    static let windowMilliseconds: Int64 = 15 * 60_000

    /// The failures of `times` that still count at `now`.
    static func recent(_ times: [Int64], now: Int64) -> [Int64] {
        times.filter { $0 > now - windowMilliseconds && $0 <= now }
    }

    /// When the next attempt may come after the counting `failures`; `nil`: at once.
    func nextAttempt(after failures: [Int64]) -> Int64? {
        guard failures.count >= free, let last = failures.max() else { return nil }
        let doublings = min(failures.count - free, 20)
        return last + min(Int64(1_000) << Int64(doublings), capMilliseconds)
    }
}
