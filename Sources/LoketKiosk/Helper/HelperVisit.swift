/// A staff member helping the visitor of the running session, from the request to the
/// end: the visitor asks for help and is shown a code; a helper who types that code on
/// the second screen joins. Pure logic: the code and the helper's token come from the
/// caller, so tests choose them.
public struct HelperVisit: Sendable, Equatable {
    /// The session the visitor asked help in; the visit ends with it.
    public let sessionID: String
    /// The four digits the visitor reads out to the helper.
    public let code: String
    /// The joined helper's token (their second screen's cookie); `nil` until one joins.
    public private(set) var helperToken: String?
    /// Wrong codes typed so far.
    public private(set) var failedAttempts = 0

    /// Wrong codes that end the request: the visitor asks again for a new code.
    public static let maximumFailedAttempts = 5

    public init(sessionID: String, code: String) {
        self.sessionID = sessionID
        self.code = code
    }

    public var joined: Bool { helperToken != nil }

    /// What a helper's code did.
    public enum JoinResult: Sendable, Equatable {
        case joined
        case wrongCode
        /// Too many wrong codes: the request is over.
        case locked
        /// Another helper already joined.
        case taken
    }

    /// A helper typed `code`; joins them with `token` when it is the visitor's.
    public mutating func join(code typed: String, token: String) -> JoinResult {
        guard helperToken == nil else { return .taken }
        guard failedAttempts < Self.maximumFailedAttempts else { return .locked }
        guard typed == code else {
            failedAttempts += 1
            return failedAttempts >= Self.maximumFailedAttempts ? .locked : .wrongCode
        }
        helperToken = token
        return .joined
    }

    /// Whether `token` is the joined helper's.
    public func isHelper(_ token: String?) -> Bool { token != nil && token == helperToken }
}
