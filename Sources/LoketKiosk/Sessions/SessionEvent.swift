/// What happens to a terminal: a visitor's action, the clock, the agent's work.
public enum SessionEvent: Sendable, Equatable {
    /// "Start as guest".
    case startGuest(id: String)
    /// A card was tapped; `allowanceSeconds` is what the card may still use today on this
    /// terminal (its escrow), `nil` for no daily limit.
    case startCard(id: String, card: String, allowanceSeconds: Int?)
    /// A tap, a key, a mouse move.
    case input
    /// "More time" on the time-up warning; `allowanceSeconds` as for ``startCard``.
    case extend(allowanceSeconds: Int?)
    /// "End session".
    case end
    /// Staff end the session.
    case staffEnd
    /// The clock moved (the agent ticks every second).
    case tick
    /// The agent closed the session's browser.
    case browserClosed
    /// The agent finished the wipe and checked it.
    case wipeFinished
    /// The wipe failed or its check found traces.
    case wipeFailed(String)
    /// Staff ask for another wipe of an out-of-order terminal.
    case retryWipe
    /// The installed profile is past its expiry.
    case profileInvalid(String)
    /// A current profile is installed again.
    case profileCurrent
}
