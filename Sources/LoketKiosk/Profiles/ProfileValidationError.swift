/// A profile document that does not validate: every issue found, in document order.
public struct ProfileValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [ProfileIssue]

    public init(issues: [ProfileIssue]) {
        self.issues = issues
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
