/// How one stage of a rollout is doing: a version sent to a ring, and what the ring's
/// terminals reported on it.
public struct RingStatus: Codable, Sendable, Equatable {
    /// `canary`, `branch:<id>` or `all`.
    public var ring: String
    public var version: Int
    public var startedAtMilliseconds: Int64
    /// Reports after this moment no longer count toward halting.
    public var windowEndsAtMilliseconds: Int64
    /// Terminals in the ring that report on this profile.
    public var terminals: Int
    public var healthy: Int
    public var unhealthy: Int
    /// Terminals that have not reported on this version yet.
    public var waiting: Int

    public init(
        ring: String, version: Int, startedAtMilliseconds: Int64, windowEndsAtMilliseconds: Int64, terminals: Int,
        healthy: Int, unhealthy: Int, waiting: Int
    ) {
        self.ring = ring
        self.version = version
        self.startedAtMilliseconds = startedAtMilliseconds
        self.windowEndsAtMilliseconds = windowEndsAtMilliseconds
        self.terminals = terminals
        self.healthy = healthy
        self.unhealthy = unhealthy
        self.waiting = waiting
    }

    enum CodingKeys: String, CodingKey {
        case ring, version, terminals, healthy, unhealthy, waiting
        case startedAtMilliseconds = "started_at_ms"
        case windowEndsAtMilliseconds = "window_ends_at_ms"
    }
}
