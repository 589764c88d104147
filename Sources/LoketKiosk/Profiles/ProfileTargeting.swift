/// Which terminals a profile is for.
public struct ProfileTargeting: Sendable, Equatable, Codable {
    /// Branch ids (`ams-centrale`); empty means every branch. The default is empty.
    public var branches: [String]
    /// The first ring the rollout reaches: `canary`, `branch` or `all`. The default is `all`.
    public var ring: String

    public static let rings = ["canary", "branch", "all"]

    public init(branches: [String] = [], ring: String = "all") {
        self.branches = branches
        self.ring = ring
    }
}
