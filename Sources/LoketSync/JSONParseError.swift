/// JSON text that could not be read, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public let reason: String
    /// The byte offset (from 0) in the text.
    public let offset: Int

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
