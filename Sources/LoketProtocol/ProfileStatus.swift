/// A profile's rollout as the hub sees it (`GET /v1/admin/profiles/{id}`).
public struct ProfileStatus: Codable, Sendable, Equatable {
    public var profile: String
    /// Every version the hub holds, oldest first (re-issued ones too).
    public var versions: [Int]
    /// Versions the hub re-issued, each with the version whose content it carries.
    public var reissues: [String: Int]
    /// `pushed` (nothing sent yet), `rolling` or `halted`.
    public var state: String
    /// The newest version sent to any ring.
    public var current: Int?
    /// When `halted`: which version stopped, why, and the version that carries the last
    /// good content in its place (absent when there was none to go back to).
    public var haltedVersion: Int?
    public var haltReason: String?
    public var reissuedVersion: Int?
    public var rings: [RingStatus]
    /// Whether the fleet's trust lists this hub's reissue key: without it a halted rollout
    /// stops but cannot send the last good content back.
    public var automaticRollback: Bool

    public init(
        profile: String, versions: [Int], reissues: [String: Int], state: String, current: Int?,
        haltedVersion: Int?, haltReason: String?, reissuedVersion: Int?, rings: [RingStatus],
        automaticRollback: Bool
    ) {
        self.profile = profile
        self.versions = versions
        self.reissues = reissues
        self.state = state
        self.current = current
        self.haltedVersion = haltedVersion
        self.haltReason = haltReason
        self.reissuedVersion = reissuedVersion
        self.rings = rings
        self.automaticRollback = automaticRollback
    }

    enum CodingKeys: String, CodingKey {
        case profile, versions, reissues, state, current, rings
        case haltedVersion = "halted_version"
        case haltReason = "halt_reason"
        case reissuedVersion = "reissued_version"
        case automaticRollback = "automatic_rollback"
    }
}
