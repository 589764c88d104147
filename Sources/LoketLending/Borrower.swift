/// A borrower who asked for reminders: how to reach them, only while they want it. Known
/// by the card's token; no name.
public struct Borrower: Sendable, Equatable, Codable {
    public var token: String
    public var branch: String
    public var reminders: Bool
    public var email: String?
    /// A postal address for a printed letter (up to five lines).
    public var address: String?
    /// nl or en: the language of their reminders.
    public var language: String

    public init(token: String, branch: String, reminders: Bool, email: String?, address: String?, language: String) {
        self.token = token
        self.branch = branch
        self.reminders = reminders
        self.email = email
        self.address = address
        self.language = language
    }
}
