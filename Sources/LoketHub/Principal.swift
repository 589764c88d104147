/// Who made a request: an enrolled terminal, a person's signing key, or a person logged in
/// to the console.
public enum Principal: Sendable, Equatable {
    case terminal(TerminalRecord)
    case key(KeyRecord)
    case user(ConsoleUser)

    /// The `Loket-Principal` header value (and the audit log's actor).
    public var header: String {
        switch self {
        case .terminal(let terminal): "terminal:" + terminal.name
        case .key(let key): "key:" + key.keyID
        case .user(let user): "user:" + user.name
        }
    }

    /// A person's role; `nil` for a terminal.
    public var role: KeyRecord.Role? {
        switch self {
        case .terminal: nil
        case .key(let key): key.role
        case .user(let user): user.role
        }
    }

    public var isAdmin: Bool { role == .admin }

    /// For staff, the branch they work at.
    public var branch: String? {
        switch self {
        case .terminal: nil
        case .key(let key): key.branch
        case .user(let user): user.branch
        }
    }

    /// Who, as rollouts and enrolment orders record it: the key's id, or `user:<name>`.
    public var who: String {
        switch self {
        case .terminal(let terminal): "terminal:" + terminal.name
        case .key(let key): key.keyID
        case .user(let user): "user:" + user.name
        }
    }

    /// Whether a person may see what belongs to `branch`: admins everything, staff their
    /// own branch only, terminals nothing.
    public func maySee(branch: String?) -> Bool {
        switch role {
        case .admin?: true
        case .staff?: branch != nil && branch == self.branch
        case nil: false
        }
    }
}
