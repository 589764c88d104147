/// How long visitors may use a terminal.
public struct SessionRules: Sendable, Equatable, Codable {
    /// Minutes a library card may use per day, over all sessions; 0 means no daily limit.
    /// 0–1440; the default is 120.
    public var dailyMinutesPerCard: Int
    /// Longest single session in minutes, 5–480; the default is 60.
    public var sessionMinutes: Int
    /// Seconds without input before the session warns and then ends, 30–3600; the default
    /// is 300.
    public var idleTimeout: Int
    /// Seconds of warning before a session ends (idle or out of time), 10–600 and less than
    /// `idleTimeout`; the default is 60.
    public var warningSeconds: Int
    /// Whether a visitor without a card may start a guest session. The default is true.
    public var guestsAllowed: Bool
    /// Longest guest session in minutes, 5–240; the default is 30.
    public var guestSessionMinutes: Int
    /// Whether visitors may reserve this terminal ahead. The default is false.
    public var reservations: Bool
    /// Minutes a reserved terminal waits for its visitor, 1–60; the default is 10.
    public var reservationHoldMinutes: Int

    public init(
        dailyMinutesPerCard: Int = 120, sessionMinutes: Int = 60, idleTimeout: Int = 300, warningSeconds: Int = 60,
        guestsAllowed: Bool = true, guestSessionMinutes: Int = 30, reservations: Bool = false,
        reservationHoldMinutes: Int = 10
    ) {
        self.dailyMinutesPerCard = dailyMinutesPerCard
        self.sessionMinutes = sessionMinutes
        self.idleTimeout = idleTimeout
        self.warningSeconds = warningSeconds
        self.guestsAllowed = guestsAllowed
        self.guestSessionMinutes = guestSessionMinutes
        self.reservations = reservations
        self.reservationHoldMinutes = reservationHoldMinutes
    }
}
