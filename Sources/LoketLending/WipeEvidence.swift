/// The evidence that a device was wiped before the next borrower: how, by whom, when.
public struct WipeEvidence: Sendable, Equatable, Codable {
    public var id: String
    public var device: String
    /// How: `reimage`, `factory-reset`, `loket-wipe`, or another word staff use.
    public var method: String
    /// Who did it (a staff member's initials or account, as the branch records it).
    public var `operator`: String
    public var at: Int64
    public var branch: String
    public var desk: String

    public init(id: String, device: String, method: String, operator: String, at: Int64, branch: String, desk: String) {
        self.id = id
        self.device = device
        self.method = method
        self.operator = `operator`
        self.at = at
        self.branch = branch
        self.desk = desk
    }
}
