/// A person's signing key the hub trusts: an admin (everything) or staff of one branch.
public struct KeyRecord: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable, Codable {
        case admin
        case staff
    }

    public var keyID: String
    public var role: Role
    /// For staff: the branch id they work at.
    public var branch: String?
    /// Ed25519 public key, base64 of 32 bytes.
    public var publicKey: String

    public init(keyID: String, role: Role, branch: String? = nil, publicKey: String) {
        self.keyID = keyID
        self.role = role
        self.branch = branch
        self.publicKey = publicKey
    }
}
