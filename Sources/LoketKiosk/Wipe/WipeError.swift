/// A wipe that did not finish, or whose check found traces. The terminal goes out of
/// order until a wipe succeeds. Names paths relative to the session area, never contents.
public struct WipeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
