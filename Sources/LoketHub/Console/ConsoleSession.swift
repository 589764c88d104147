/// A console log-in in use (document `console-session/<SHA-256 of the cookie's token>`):
/// who, and until when. The token itself is only in the person's cookie.
struct ConsoleSession: Codable, Sendable, Equatable {
    var user: ConsoleUser
    var createdAtMilliseconds: Int64
    var expiresAtMilliseconds: Int64

    enum CodingKeys: String, CodingKey {
        case user
        case createdAtMilliseconds = "created_at_ms"
        case expiresAtMilliseconds = "expires_at_ms"
    }
}
