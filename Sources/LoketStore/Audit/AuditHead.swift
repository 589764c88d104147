/// The last entry of a chain someone has seen: the hub keeps one per chain as entries
/// arrive, so an entry cut off the end of a chain is found too.
public struct AuditHead: Sendable, Equatable, Codable {
    public var chain: String
    public var sequence: Int64
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case chain, sequence = "seq", hash
    }

    public init(chain: String, sequence: Int64, hash: String) {
        self.chain = chain
        self.sequence = sequence
        self.hash = hash
    }
}
