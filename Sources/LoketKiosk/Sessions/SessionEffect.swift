/// What the agent must do after an event: show, announce, record, close, wipe.
public enum SessionEffect: Sendable, Equatable {
    /// A session began: record it, open the service tiles.
    case started(ActiveSession)
    /// Show the warning and announce it to screen readers.
    case warn(WarningReason, secondsLeft: Int)
    /// The warning was answered: hide it.
    case warningCleared
    /// "More time" added `seconds`.
    case extended(seconds: Int)
    /// The session ended: record its end and minutes, close the browser.
    case ended(ActiveSession, EndReason, usedSeconds: Int)
    /// Remove the session's traces and check them (then send `wipeFinished` or `wipeFailed`).
    case wipe(sessionID: String)
    /// The wipe was checked: record it, show "everything is erased", then the start screen.
    case wiped(sessionID: String)
    /// Block sessions, show out of order, alert the fleet.
    case outOfOrder(sessionID: String, reason: String)
    /// The profile expired: raise the alert the fleet console shows, take no sessions.
    case profileInvalid(reason: String)
    /// A current profile came: clear the alert, take sessions again.
    case profileCurrent
    /// The event could not be taken; the code says why (`busy`, `guests-not-allowed`,
    /// `no-minutes-left`, `not-extendable`, `out-of-order`, `profile-invalid`).
    case refused(String)
}
