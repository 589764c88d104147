/// Why a session ended.
public enum EndReason: String, Sendable, Equatable {
    /// The visitor tapped "end session".
    case visitor
    /// Nobody touched the terminal through the idle warning.
    case idle
    /// The session's time, or the card's minutes, ran out.
    case timeUp = "time-up"
    /// Staff ended it.
    case staff
}
