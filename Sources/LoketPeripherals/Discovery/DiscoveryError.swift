/// udev could not be asked: says what failed and what to check.
public struct DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
