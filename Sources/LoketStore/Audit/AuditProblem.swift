/// What ``AuditVerifier`` found wrong with a chain.
public struct AuditProblem: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// An entry's fields no longer give its hash: it was changed.
        case changed
        /// An entry does not carry the hash of the one before it: entries were changed,
        /// removed or put in another order.
        case brokenLink = "broken-link"
        /// A sequence number is missing: an entry was removed.
        case missing
        /// An entry sits under a record id that is not its own: entries were moved.
        case misplaced
        /// The chain ends before the head known for it: entries were cut off the end.
        case truncated
        /// A record of the `audit` collection that is not an entry at all.
        case unreadable
    }

    public var kind: Kind
    public var chain: String
    /// The entry the problem shows at (the first missing one, for `missing` and `truncated`).
    public var sequence: Int64
    public var message: String

    public init(kind: Kind, chain: String, sequence: Int64, message: String) {
        self.kind = kind
        self.chain = chain
        self.sequence = sequence
        self.message = message
    }

    public var description: String { "\(chain) #\(sequence): \(kind.rawValue): \(message)" }
}
