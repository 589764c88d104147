/// A catalog file that cannot be used: names the file, the entry and what is wrong.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
