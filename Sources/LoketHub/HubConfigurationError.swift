/// A hub setting that cannot be used, with what is wrong with it.
public struct HubConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
