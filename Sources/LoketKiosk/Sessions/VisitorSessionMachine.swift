/// A visitor's session as a state machine: idle → active (card or guest) → warning →
/// ending → wiping → idle, or out of order when a wipe fails, or stopped while the
/// installed profile is expired.
///
/// Pure logic: every event comes with the terminal's time, so the tests drive it with a
/// manual clock and the countdown never depends on the network — an outage neither
/// freezes nor extends a session. The agent feeds it events and carries out the
/// ``SessionEffect``s it answers.
public struct VisitorSessionMachine: Sendable {
    public private(set) var phase: SessionPhase = .idle
    public var timers: SessionTimers

    public init(timers: SessionTimers, phase: SessionPhase = .idle) {
        self.timers = timers
        self.phase = phase
    }

    /// Takes `event` at `now` (Unix milliseconds); answers what the agent must do.
    public mutating func handle(_ event: SessionEvent, at now: Int64) -> [SessionEffect] {
        switch (phase, event) {
        case (.idle, .startGuest(let id)):
            guard timers.guestsAllowed else { return [.refused("guests-not-allowed")] }
            return start(
                ActiveSession(
                    id: id, kind: .guest, card: nil, startedAt: now,
                    endsAt: now + Int64(timers.guestSessionSeconds) * 1000, lastInputAt: now))
        case (.idle, .startCard(let id, let card, let allowance)):
            if let allowance, allowance <= 0 { return [.refused("no-minutes-left")] }
            let length = min(timers.sessionSeconds, allowance ?? Int.max)
            return start(
                ActiveSession(
                    id: id, kind: .card, card: card, startedAt: now, endsAt: now + Int64(length) * 1000,
                    lastInputAt: now))
        case (.outOfOrder, .startGuest), (.outOfOrder, .startCard):
            return [.refused("out-of-order")]
        case (.profileInvalid, .startGuest), (.profileInvalid, .startCard):
            return [.refused("profile-invalid")]
        case (_, .startGuest), (_, .startCard):
            return [.refused("busy")]

        case (.active(var session), .input):
            session.lastInputAt = now
            phase = .active(session)
            return []
        case (.warning(var session, .idle, _), .input):
            session.lastInputAt = now
            phase = .active(session)
            return [.warningCleared] + check(now)
        case (.warning(var session, let reason, let deadline), .input):
            session.lastInputAt = now
            phase = .warning(session, reason, deadline: deadline)
            return []

        case (.active(let session), .extend(let allowance)), (.warning(let session, _, _), .extend(let allowance)):
            return extend(session, allowance: allowance, at: now)

        case (.active(let session), .end), (.warning(let session, _, _), .end):
            return end(session, .visitor, at: now)
        case (.active(let session), .staffEnd), (.warning(let session, _, _), .staffEnd):
            return end(session, .staff, at: now)

        case (.active, .tick), (.warning, .tick):
            return check(now)

        case (.ending(let session, _), .browserClosed):
            phase = .wiping(sessionID: session.id)
            return [.wipe(sessionID: session.id)]
        case (.wiping(let id), .wipeFinished):
            phase = .idle
            return [.wiped(sessionID: id)]
        case (.wiping(let id), .wipeFailed(let reason)):
            phase = .outOfOrder(sessionID: id, reason: reason)
            return [.outOfOrder(sessionID: id, reason: reason)]
        case (.ending(let session, _), .wipeFailed(let reason)):
            // The browser would not close: the wipe cannot even start.
            phase = .outOfOrder(sessionID: session.id, reason: reason)
            return [.outOfOrder(sessionID: session.id, reason: reason)]
        // A running visitor finishes; the terminal stops once it is idle again.
        case (.idle, .profileInvalid(let reason)):
            phase = .profileInvalid(reason: reason)
            return [.profileInvalid(reason: reason)]
        case (.profileInvalid, .profileCurrent):
            phase = .idle
            return [.profileCurrent]
        case (.outOfOrder(let id, _), .retryWipe):
            // The traces of that session may remain: wipe again before anyone else comes.
            phase = .wiping(sessionID: id)
            return [.wipe(sessionID: id)]

        default:
            return []
        }
    }

    mutating func start(_ session: ActiveSession) -> [SessionEffect] {
        phase = .active(session)
        return [.started(session)]
    }

    /// Ends the session when a deadline passed; warns when one is near.
    mutating func check(_ now: Int64) -> [SessionEffect] {
        guard let session = phase.session else { return [] }
        let idleDeadline = session.lastInputAt + Int64(timers.idleTimeoutSeconds) * 1000
        if now >= session.endsAt { return end(session, .timeUp, at: now) }
        if now >= idleDeadline { return end(session, .idle, at: now) }
        let warning = Int64(timers.warningSeconds) * 1000
        // The nearer deadline speaks.
        let (reason, deadline): (WarningReason, Int64) =
            session.endsAt <= idleDeadline ? (.timeUp, session.endsAt) : (.idle, idleDeadline)
        guard now >= deadline - warning else {
            if case .warning = phase {
                phase = .active(session)
                return [.warningCleared]
            }
            return []
        }
        if case .warning(_, let current, let until) = phase, current == reason, until == deadline { return [] }
        phase = .warning(session, reason, deadline: deadline)
        return [.warn(reason, secondsLeft: Int((deadline - now + 999) / 1000))]
    }

    mutating func extend(_ session: ActiveSession, allowance: Int?, at now: Int64) -> [SessionEffect] {
        guard session.kind == .card else { return [.refused("not-extendable")] }
        var session = session
        // What the card may still use from `endsAt` on.
        let left = allowance.map { Int64($0) * 1000 - (session.endsAt - now) }
        let added = min(Int64(timers.sessionSeconds) * 1000, left ?? Int64.max)
        guard added >= 60_000 else { return [.refused("no-minutes-left")] }
        session.endsAt += added
        session.lastInputAt = now
        session.extensions += 1
        phase = .active(session)
        return [.extended(seconds: Int(added / 1000))] + check(now)
    }

    mutating func end(_ session: ActiveSession, _ reason: EndReason, at now: Int64) -> [SessionEffect] {
        phase = .ending(session, reason)
        return [.ended(session, reason, usedSeconds: session.usedSeconds(at: min(now, session.endsAt)))]
    }
}
