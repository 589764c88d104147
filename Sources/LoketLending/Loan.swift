/// One loan: a device with a borrower (the card's token), from a branch, until returned.
public struct Loan: Sendable, Equatable, Codable {
    public var id: String
    /// The device's asset tag.
    public var device: String
    /// The borrower's card token (`card-` and 32 hex digits), never a name or card number.
    public var borrower: String
    /// The branch that lent it, and the desk (terminal) that did.
    public var branch: String
    public var desk: String
    /// Milliseconds since 1970.
    public var outAt: Int64
    public var dueAt: Int64
    public var returnedAt: Int64?
    /// The branch it came back to, when it did.
    public var returnedBranch: String?
    /// What staff noted at the return (a scratch, a missing charger).
    public var condition: String?
    public var renewals: Int
    public var notes: String?

    public init(
        id: String, device: String, borrower: String, branch: String, desk: String, outAt: Int64, dueAt: Int64,
        returnedAt: Int64? = nil, returnedBranch: String? = nil, condition: String? = nil, renewals: Int = 0,
        notes: String? = nil
    ) {
        self.id = id
        self.device = device
        self.borrower = borrower
        self.branch = branch
        self.desk = desk
        self.outAt = outAt
        self.dueAt = dueAt
        self.returnedAt = returnedAt
        self.returnedBranch = returnedBranch
        self.condition = condition
        self.renewals = renewals
        self.notes = notes
    }

    /// Whether it is still out.
    public var isOpen: Bool { returnedAt == nil }

    enum CodingKeys: String, CodingKey {
        case id, device, borrower, branch, desk, outAt = "out_at", dueAt = "due_at", returnedAt = "returned_at"
        case returnedBranch = "returned_branch", condition, renewals, notes
    }
}
