/// Why a terminal refuses a profile (or a trust update). The code is stable, for reports
/// to the hub and for scripts; the message says what was wrong and what to do.
public struct ProfileRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// `unsigned`, `bad-signature`, `untrusted-key`, `expired`, `not-newer`, `other-branch`,
    /// `malformed`, `trust-rotation`.
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func malformed(_ message: String) -> ProfileRefusal { ProfileRefusal("malformed", message) }
}
