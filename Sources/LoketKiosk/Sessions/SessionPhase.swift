/// Where the terminal is in a visitor's session: idle → active → warning → ending →
/// wiping → idle, or out of order when a wipe failed or the profile expired.
public enum SessionPhase: Sendable, Equatable {
    /// The start screen: waiting for a card or a guest.
    case idle
    case active(ActiveSession)
    /// The session bar warns; at `deadline` the session ends unless the warning is
    /// answered (input for `idle`, "more time" for `timeUp`).
    case warning(ActiveSession, WarningReason, deadline: Int64)
    /// The session is over; the browser is being closed before the wipe.
    case ending(ActiveSession, EndReason)
    /// The traces of session `sessionID` are being removed.
    case wiping(sessionID: String)
    /// The wipe after session `sessionID` failed: no session may start until a wipe
    /// succeeds.
    case outOfOrder(sessionID: String, reason: String)
    /// The installed profile expired (TUF's freeze attack: a terminal kept from its
    /// updates must not run on old rules): no session starts until a current one comes.
    case profileInvalid(reason: String)

    /// A stable name, for the screen and the logs.
    public var name: String {
        switch self {
        case .idle: "idle"
        case .active: "active"
        case .warning: "warning"
        case .ending: "ending"
        case .wiping: "wiping"
        case .outOfOrder: "out-of-order"
        case .profileInvalid: "profile-invalid"
        }
    }

    /// The running session, if there is one.
    public var session: ActiveSession? {
        switch self {
        case .active(let session), .warning(let session, _, _), .ending(let session, _): session
        case .idle, .wiping, .outOfOrder, .profileInvalid: nil
        }
    }
}
