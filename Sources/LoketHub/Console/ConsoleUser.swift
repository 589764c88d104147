/// A person logged in to the console: an admin, or staff of one branch.
public struct ConsoleUser: Sendable, Equatable, Codable {
    public var name: String
    public var role: KeyRecord.Role
    public var branch: String?

    public init(name: String, role: KeyRecord.Role, branch: String? = nil) {
        self.name = name
        self.role = role
        self.branch = branch
    }
}
