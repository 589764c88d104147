/// A terminal asks for a card's minutes (or free pages) of one day
/// (`POST /v1/allowances/claim`), or gives back what it holds
/// (`POST /v1/allowances/release`): the escrow of daily minutes and pages
/// (docs/PROFILES.md, "Daily minutes"). The `_minutes` amounts count pages when `unit` is
/// pages.
public struct AllowanceClaim: Codable, Sendable, Equatable {
    /// The card's pseudonymous token, never its number.
    public var card: String
    /// The day, `YYYY-MM-DD` in the terminal's time zone.
    public var day: String
    /// The profile's daily minutes per card.
    public var limitMinutes: Int
    /// Every minute this terminal has spent for the card that day, so far.
    public var spentMinutes: Int
    /// For a release: the grant being given back (a stale release changes only the
    /// minutes spent).
    public var grant: Int?
    /// What the amounts count; absent means minutes.
    public var unit: AllowanceUnit?

    public init(
        card: String, day: String, limitMinutes: Int, spentMinutes: Int, grant: Int? = nil,
        unit: AllowanceUnit? = nil
    ) {
        self.card = card
        self.day = day
        self.limitMinutes = limitMinutes
        self.spentMinutes = spentMinutes
        self.grant = grant
        self.unit = unit
    }

    enum CodingKeys: String, CodingKey {
        case card, day, grant, unit
        case limitMinutes = "limit_minutes"
        case spentMinutes = "spent_minutes"
    }
}
