/// A schema that cannot be read or cannot replace the one a replica has.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "schema: \(reason)" }
}
