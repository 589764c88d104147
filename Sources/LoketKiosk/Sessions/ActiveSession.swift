/// A visitor's session while it runs. Times are Unix milliseconds of the terminal's own
/// clock: the countdown never waits for the network.
public struct ActiveSession: Sendable, Equatable {
    public var id: String
    public var kind: SessionKind
    /// The card's pseudonymous token (never its number); `nil` for a guest.
    public var card: String?
    public var startedAt: Int64
    /// When the session ends at the latest: its length, or the card's minutes left,
    /// whichever comes first.
    public var endsAt: Int64
    public var lastInputAt: Int64
    /// How often "more time" was granted.
    public var extensions: Int

    public init(
        id: String, kind: SessionKind, card: String?, startedAt: Int64, endsAt: Int64, lastInputAt: Int64,
        extensions: Int = 0
    ) {
        self.id = id
        self.kind = kind
        self.card = card
        self.startedAt = startedAt
        self.endsAt = endsAt
        self.lastInputAt = lastInputAt
        self.extensions = extensions
    }

    /// Seconds used at `now`.
    public func usedSeconds(at now: Int64) -> Int { Int(max(0, now - startedAt) / 1000) }
}
