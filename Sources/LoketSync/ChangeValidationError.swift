/// A change that is malformed whoever sent it (see ``Change/validate()``).
public struct ChangeValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "malformed change: \(reason)" }
}
