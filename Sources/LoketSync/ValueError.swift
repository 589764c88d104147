/// A value that breaks ``ValueRules``: where (a JSON path inside the value) and why.
public struct ValueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the value nests too deep (the rest — long texts, numbers, keys — break
    /// other rules).
    public let isTooDeep: Bool
    /// Where in the value: `$` is the value itself, `$[2].name` a member of an element.
    public let path: String
    /// What is wrong, in words.
    public let reason: String

    public init(path: String, reason: String, isTooDeep: Bool = false) {
        self.isTooDeep = isTooDeep
        self.path = path
        self.reason = reason
    }

    public var description: String { path == "$" ? reason : "\(path): \(reason)" }
}
