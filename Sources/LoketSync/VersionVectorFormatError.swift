/// A version vector in JSON that could not be read.
public struct VersionVectorFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "invalid version vector: \(reason)" }
}
