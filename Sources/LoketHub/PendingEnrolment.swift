/// An enrolment code the hub has handed out and not yet seen redeemed.
public struct PendingEnrolment: Sendable, Equatable {
    /// SHA-256 of the normalized code; the code itself is never stored.
    public var codeDigest: String
    public var terminal: String
    public var scopes: [String]
    public var collections: [String]
    public var expiresAtMilliseconds: Int64
    /// The key that ordered it.
    public var createdBy: String

    public init(
        codeDigest: String, terminal: String, scopes: [String], collections: [String], expiresAtMilliseconds: Int64,
        createdBy: String
    ) {
        self.codeDigest = codeDigest
        self.terminal = terminal
        self.scopes = scopes
        self.collections = collections
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.createdBy = createdBy
    }
}
