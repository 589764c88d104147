/// The hub's answer to a claim or a release: how far this terminal may go.
public struct AllowanceGrant: Codable, Sendable, Equatable {
    public var card: String
    public var day: String
    /// Numbers this terminal's grants for the card and day: a release names the one it
    /// gives back.
    public var grant: Int
    /// The minutes this terminal may have spent in all for the card that day: what it
    /// spent, and what it holds. It spends offline up to here and no further.
    public var capMinutes: Int
    /// Minutes nobody holds after this answer.
    public var freeMinutes: Int

    public init(card: String, day: String, grant: Int, capMinutes: Int, freeMinutes: Int) {
        self.card = card
        self.day = day
        self.grant = grant
        self.capMinutes = capMinutes
        self.freeMinutes = freeMinutes
    }

    enum CodingKeys: String, CodingKey {
        case card, day, grant
        case capMinutes = "cap_minutes"
        case freeMinutes = "free_minutes"
    }
}
