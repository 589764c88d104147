/// Why the session bar warns that the session ends soon.
public enum WarningReason: String, Sendable, Equatable {
    /// Nobody touched the terminal for a while; any input keeps the session.
    case idle
    /// The session's time (or the card's minutes for today) runs out; a tap on "more
    /// time" extends it when the card has minutes left.
    case timeUp = "time-up"
}
