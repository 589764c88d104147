/// The kiosk screen cannot start: its files are missing or damaged.
public struct ScreenError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
