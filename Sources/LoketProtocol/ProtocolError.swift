/// A message or file of the protocol is not what it must be; the text says what and where.
public struct ProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
