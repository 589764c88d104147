/// Something two desks did that cannot both be true, kept whole and put in front of staff:
/// both loans of a device lent twice at once, both returns of a loan returned twice, a
/// return at another branch than the one that lent the device.
///
/// A conflict's id follows from the records in it, so every replica finds the same
/// conflict under the same id; its resolution is a record under that id (synced like any
/// write). A loan or return that joins later makes a new conflict.
public struct LendingConflict: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// One device with loans whose times overlap (lent at two desks while they were apart).
        case doubleLoan = "double-loan"
        /// One loan with more than one return.
        case doubleReturn = "double-return"
        /// A return at another branch than the one that lent the device.
        case returnedElsewhere = "returned-elsewhere"
    }

    /// How staff settled it.
    public struct Resolution: Sendable, Equatable, Codable {
        /// For a double loan: the loan that stands (the others no longer count as out);
        /// nil when staff let every loan stand.
        public var keptLoan: String?
        public var note: String
        public var resolvedAt: Int64
        public var desk: String

        public init(keptLoan: String?, note: String, resolvedAt: Int64, desk: String) {
            self.keptLoan = keptLoan
            self.note = note
            self.resolvedAt = resolvedAt
            self.desk = desk
        }

        enum CodingKeys: String, CodingKey {
            case keptLoan = "kept_loan", note, resolvedAt = "resolved_at", desk
        }
    }

    public var id: String
    public var kind: Kind
    public var device: String
    /// The loans in it (ids, oldest first).
    public var loans: [String]
    /// The returns in it (ids), for double returns and returns elsewhere.
    public var returns: [String]
    public var resolution: Resolution?

    public init(
        id: String, kind: Kind, device: String, loans: [String], returns: [String] = [], resolution: Resolution? = nil
    ) {
        self.id = id
        self.kind = kind
        self.device = device
        self.loans = loans
        self.returns = returns
        self.resolution = resolution
    }

    public var isOpen: Bool { resolution == nil }
}
