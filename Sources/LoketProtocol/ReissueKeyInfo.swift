/// The public half of a hub's reissue key (`GET /v1/admin/reissue-key`), for the trust
/// file's `reissuers` (docs/PROFILES.md).
public struct ReissueKeyInfo: Codable, Sendable, Equatable {
    public var keyid: String
    /// Ed25519 public key, base64 of 32 bytes.
    public var publicKey: String

    public init(keyid: String, publicKey: String) {
        self.keyid = keyid
        self.publicKey = publicKey
    }

    enum CodingKeys: String, CodingKey {
        case keyid
        case publicKey = "public_key"
    }
}
