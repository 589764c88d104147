/// Why a sync did not finish. Each case says what happened in words a person can act on.
public enum SyncError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The terminal is not enrolled: run `loket terminal enrol`.
    case notEnrolled(String)
    /// The hub could not be reached or the connection broke; the sync is retried.
    case unreachable(String)
    /// The hub answered with an error: its status, code and message.
    case hub(status: Int, code: String, message: String)
    /// The hub answered something that is not the protocol.
    case badAnswer(String)
    /// The hub handed on changes their origin did not sign (or under another key than the
    /// one pinned for it): none of them is applied, and a person must look at the hub.
    case unverified(String)

    public var description: String {
        switch self {
        case .notEnrolled(let text): text
        case .unreachable(let text): "the hub cannot be reached: \(text)"
        case .hub(let status, let code, let message): "the hub refused (\(status) \(code)): \(message)"
        case .badAnswer(let text): "the hub's answer is not understood: \(text)"
        case .unverified(let text): "the hub handed on changes that do not verify: \(text)"
        }
    }

    /// Whether trying again later may succeed (network trouble, an overloaded or
    /// restarting hub) rather than needing a person.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .badAnswer: true
        case .hub(let status, _, _): status >= 500 || status == 429 || status == 408
        case .notEnrolled, .unverified: false
        }
    }
}
