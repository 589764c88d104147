/// A name or id that breaks the rules for its kind (replica id, collection, field, record).
public struct InvalidIdentifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of name it was, such as "replica id" or "collection name".
    public let kind: String
    /// The text that was given.
    public let value: String
    /// The rule it broke, in words.
    public let rule: String

    public init(kind: String, value: String, rule: String) {
        self.kind = kind
        self.value = value
        self.rule = rule
    }

    public var description: String {
        let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return "invalid \(kind) \"\(shown)\": must be \(rule)"
    }
}
