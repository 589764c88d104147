/// A console log-in in use (document `console-session/<SHA-256 of the cookie's token>`):
/// who, until when, and which version of their account. The token itself is only in the
/// person's cookie.
struct ConsoleSession: Codable, Sendable, Equatable {
    var user: ConsoleUser
    var createdAtMilliseconds: Int64
    var expiresAtMilliseconds: Int64
    /// The account's stamp when the session began (``ConsoleAccount/stamp``): a new
    /// password, role or branch, or the account removed, ends the session.
    var accountStamp: String?
    /// The last request seen; a session idle longer than the hub allows ends.
    var lastSeenMilliseconds: Int64?

    enum CodingKeys: String, CodingKey {
        case user
        case createdAtMilliseconds = "created_at_ms"
        case expiresAtMilliseconds = "expires_at_ms"
        case accountStamp = "account_stamp"
        case lastSeenMilliseconds = "last_seen_ms"
    }
}
