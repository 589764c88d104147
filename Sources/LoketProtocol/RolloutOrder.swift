/// An admin's order to send a profile version to a ring (`POST
/// /v1/admin/profiles/{id}/rollout`).
public struct RolloutOrder: Codable, Sendable, Equatable {
    /// `canary`, `branch:<id>` or `all`.
    public var ring: String
    /// The version to send; default the newest the admins pushed.
    public var version: Int?

    public init(ring: String, version: Int? = nil) {
        self.ring = ring
        self.version = version
    }
}
