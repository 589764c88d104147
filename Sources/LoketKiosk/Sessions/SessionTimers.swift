/// The profile's session rules as the state machine uses them, in seconds.
public struct SessionTimers: Sendable, Equatable {
    /// Longest card session; a tap on "more time" adds this much again, within the card's
    /// minutes. From `session.sessionMinutes`.
    public var sessionSeconds: Int
    public var guestSessionSeconds: Int
    public var idleTimeoutSeconds: Int
    public var warningSeconds: Int
    public var guestsAllowed: Bool

    public init(
        sessionSeconds: Int, guestSessionSeconds: Int, idleTimeoutSeconds: Int, warningSeconds: Int,
        guestsAllowed: Bool
    ) {
        self.sessionSeconds = sessionSeconds
        self.guestSessionSeconds = guestSessionSeconds
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.warningSeconds = warningSeconds
        self.guestsAllowed = guestsAllowed
    }

    public init(_ rules: SessionRules) {
        self.init(
            sessionSeconds: rules.sessionMinutes * 60, guestSessionSeconds: rules.guestSessionMinutes * 60,
            idleTimeoutSeconds: rules.idleTimeout, warningSeconds: rules.warningSeconds,
            guestsAllowed: rules.guestsAllowed)
    }
}
