public import LoketSync

/// Where a profile rollout sends a version: `canary` (the terminals enrolled into scope
/// `ring:canary`), `branch:<id>` (every terminal of one branch) or `all` (the fleet).
/// Rings widen in that order.
public enum RolloutRing: Sendable, Hashable, CustomStringConvertible {
    case canary
    case branch(String)
    case all

    /// Reads `canary`, `branch:<id>` or `all`.
    public init(_ text: String) throws(InvalidIdentifierError) {
        switch text {
        case "canary": self = .canary
        case "all": self = .all
        default:
            guard text.hasPrefix("branch:"), Scope.isValid(text) else {
                throw InvalidIdentifierError(
                    kind: "ring", value: text, rule: "canary, branch:<id> or all (id: 1–64 of A–Z a–z 0–9 . _ -)")
            }
            self = .branch(String(text.dropFirst("branch:".count)))
        }
    }

    public var description: String {
        switch self {
        case .canary: "canary"
        case .branch(let id): "branch:\(id)"
        case .all: "all"
        }
    }

    /// The scope the ring's records go to.
    public var scope: String {
        switch self {
        case .canary: "ring:canary"
        case .branch(let id): "branch:\(id)"
        case .all: Scope.fleet
        }
    }

    /// 0, 1, 2 from the narrowest ring to the widest; a profile's `targeting.ring`
    /// (`canary`, `branch`, `all`) names a rank.
    public var rank: Int {
        switch self {
        case .canary: 0
        case .branch: 1
        case .all: 2
        }
    }

    /// The rank of a profile's `targeting.ring` value.
    public static func rank(ofTargeting name: String) -> Int {
        ProfileTargeting.rings.firstIndex(of: name) ?? 2
    }
}
