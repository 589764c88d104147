public import Foundation
public import Logging
public import LoketStore
public import LoketSync

/// The terminal's visitor sessions: the state machine (``VisitorSessionMachine``) and
/// what its effects do — the session records in the replica (which sync when the network
/// allows), the card's minutes (``CardAllowanceBook``), closing the browser, the wipe
/// (``SessionWiper``). The screen sends it the visitor's actions; the agent ticks it
/// every second. Nothing in it waits for the network but the claim of a card's minutes
/// at the start, which falls back to what the terminal holds.
public actor SessionController {
    public private(set) var machine: VisitorSessionMachine
    let replica: Replica
    let terminal: String
    let wiper: SessionWiper
    let allowances: CardAllowanceBook
    /// The profile's daily minutes per card; 0 means no daily limit.
    var dailyMinutes: Int
    /// Rules of a newly applied profile, waiting for the running session to end.
    var pendingRules: SessionRules?
    /// When the installed profile expires (Unix milliseconds); `nil`: no profile.
    var profileExpiresAt: Int64?
    /// The installed profile, `id@version`, for the reason shown.
    var profileName: String?
    /// Why the installed profile may not run although it has not expired (its signers
    /// left the trust); `nil`: nothing against it.
    var profileRevoked: String?
    let closeBrowser: @Sendable () async throws -> Void
    let openBrowser: @Sendable () async throws -> Void
    let clock: any WallClock
    let logger: Logger
    let timeZone: TimeZone

    public init(
        replica: Replica, terminal: String, rules: SessionRules, wiper: SessionWiper, allowances: CardAllowanceBook,
        clock: any WallClock, logger: Logger, timeZone: TimeZone = .current,
        profile: (name: String, expiresAt: Int64)? = nil, profileRevoked: String? = nil,
        closeBrowser: @escaping @Sendable () async throws -> Void,
        openBrowser: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.profileName = profile?.name
        self.profileExpiresAt = profile?.expiresAt
        self.profileRevoked = profileRevoked
        self.machine = VisitorSessionMachine(timers: SessionTimers(rules))
        self.replica = replica
        self.terminal = terminal
        self.wiper = wiper
        self.allowances = allowances
        self.dailyMinutes = rules.dailyMinutesPerCard
        self.clock = clock
        self.logger = logger
        self.timeZone = timeZone
        self.closeBrowser = closeBrowser
        self.openBrowser = openBrowser
    }

    public var phase: SessionPhase { machine.phase }

    var now: Int64 { Int64(clamping: clock.nowMilliseconds()) }

    /// The card's day, `YYYY-MM-DD` on the terminal's clock and time zone.
    func day(_ milliseconds: Int64) -> String { LocalDay.of(milliseconds, in: timeZone) }

    /// "Start as guest".
    public func startGuest() async -> [SessionEffect] {
        await handle(.startGuest(id: Self.newID()))
    }

    /// A card was tapped: its minutes left today decide the session's length.
    public func startCard(token: String) async -> [SessionEffect] {
        adoptPendingRulesWhenIdle()
        guard case .idle = machine.phase else {
            return await handle(.startCard(id: "", card: token, allowanceSeconds: nil))
        }
        var allowance: Int?
        if dailyMinutes > 0 {
            do {
                allowance =
                    try await allowances.minutesForSession(card: token, day: day(now), limitMinutes: dailyMinutes) * 60
            } catch {
                logger.error("the card's minutes could not be read", metadata: ["error": "\(error)"])
                allowance = 0
            }
        }
        return await handle(.startCard(id: Self.newID(), card: token, allowanceSeconds: allowance))
    }

    /// "More time" on the time-up warning.
    public func extend() async -> [SessionEffect] {
        guard let session = machine.phase.session, let card = session.card else {
            return await handle(.extend(allowanceSeconds: nil))
        }
        guard dailyMinutes > 0 else { return await handle(.extend(allowanceSeconds: nil)) }
        let minutes =
            (try? await allowances.minutesForSession(
                card: card, day: day(session.startedAt), limitMinutes: dailyMinutes))
            ?? 0
        // What the card holds, less what this session used so far.
        return await handle(.extend(allowanceSeconds: minutes * 60 - session.usedSeconds(at: now)))
    }

    /// Takes an event and carries out its effects (which may bring further events: the
    /// browser closed, the wipe done); answers every effect, for the screen.
    public func handle(_ event: SessionEvent) async -> [SessionEffect] {
        adoptPendingRulesWhenIdle()
        var effects = checkProfile() + machine.handle(event, at: now)
        var index = 0
        while index < effects.count {
            effects += await perform(effects[index])
            index += 1
        }
        adoptPendingRulesWhenIdle()
        return effects
    }

    /// A new profile's rules: they hold from the next session on (at once when none runs);
    /// the visitor of a running session keeps the time and limits they started with.
    public func adopt(_ rules: SessionRules) {
        pendingRules = rules
        adoptPendingRulesWhenIdle()
    }

    /// The installed profile's expiry, and whether its signers are still trusted: past
    /// the one or without the other, the terminal takes no session (once the running one
    /// is over) until a current, trusted profile is installed.
    public func profile(_ name: String?, expiresAt: Int64?, revoked: String? = nil) async -> [SessionEffect] {
        profileName = name
        profileExpiresAt = expiresAt
        profileRevoked = revoked
        var effects = checkProfile()
        var index = 0
        while index < effects.count {
            effects += await perform(effects[index])
            index += 1
        }
        return effects
    }

    /// Stops the terminal when the installed profile has expired, starts it again when it
    /// has not (any more).
    func checkProfile() -> [SessionEffect] {
        let expired = profileExpiresAt.map { now >= $0 } ?? false
        let invalid = profileRevoked != nil || expired
        switch machine.phase {
        case .idle where invalid:
            return machine.handle(.profileInvalid(invalidReason()), at: now)
        case .profileInvalid where !invalid:
            return machine.handle(.profileCurrent, at: now)
        default:
            return []
        }
    }

    /// Why the installed profile may not run (revoked, or expired), for the log and alert.
    func invalidReason() -> String {
        if let profileRevoked {
            return
                "profile \(profileName ?? "?") may not run: \(profileRevoked); the terminal takes no sessions until a trusted version is installed"
        }
        let expiry = Date(timeIntervalSince1970: Double(profileExpiresAt ?? 0) / 1000)
        return
            "profile \(profileName ?? "?") expired at \(ISO8601DateFormatter().string(from: expiry)); the terminal takes no sessions until a current version is installed"
    }

    /// The daily minutes per card of the rules in force (0: no daily limit).
    public var dailyMinutesPerCard: Int { dailyMinutes }

    func adoptPendingRulesWhenIdle() {
        guard let rules = pendingRules, case .idle = machine.phase else { return }
        machine.timers = SessionTimers(rules)
        dailyMinutes = rules.dailyMinutesPerCard
        pendingRules = nil
    }

    /// Does what one effect asks; answers the effects of the events it led to.
    func perform(_ effect: SessionEffect) async -> [SessionEffect] {
        switch effect {
        case .started(let session):
            write(
                session.id,
                [
                    "terminal": .string(terminal), "kind": .string(session.kind.rawValue),
                    "started_at": .int(session.startedAt),
                ])
            return []
        case .ended(let session, let reason, let used):
            let minutes = (used + 59) / 60
            write(
                session.id, ["ended_at": .int(now), "end_reason": .string(reason.rawValue)],
                increment: ["minutes_used": Int64(minutes)])
            if let card = session.card, dailyMinutes > 0 {
                do {
                    try await allowances.endSession(
                        card: card, day: day(session.startedAt), limitMinutes: dailyMinutes, spentMinutes: minutes)
                } catch {
                    logger.error("the card's minutes could not be recorded", metadata: ["error": "\(error)"])
                }
            }
            do {
                try await closeBrowser()
            } catch {
                // A browser that stays open holds the visitor's files: no wipe can be trusted.
                return machine.handle(.wipeFailed("the browser did not close: \(error)"), at: now)
            }
            return machine.handle(.browserClosed, at: now)
        case .wipe(let id):
            do {
                _ = try wiper.wipe(sessionID: id)
                return machine.handle(.wipeFinished, at: now)
            } catch {
                return machine.handle(.wipeFailed(error.message), at: now)
            }
        case .wiped(let id):
            write(id, ["wiped_at": .int(now)])
            do { try await openBrowser() } catch {
                logger.error("the kiosk browser did not start again", metadata: ["error": "\(error)"])
            }
            return []
        case .outOfOrder(let id, let reason):
            logger.critical(
                "the wipe failed: no session starts until a wipe succeeds", metadata: ["reason": "\(reason)"])
            write(id, ["wipe_error": .string(reason)])
            return []
        case .profileInvalid(let reason):
            logger.critical("the profile may not run: no session starts", metadata: ["reason": "\(reason)"])
            do {
                _ = try replica.raiseAlert(
                    "profile-invalid", subject: profileName ?? "-", detail: reason, terminal: terminal, at: now)
            } catch {
                logger.error("the alert could not be written", metadata: ["error": "\(error)"])
            }
            return []
        case .profileCurrent:
            logger.notice("a current profile is installed: sessions start again")
            do {
                for alert in try replica.raisedAlerts() where alert.hasPrefix("profile-invalid/") {
                    _ = try replica.clearAlert(
                        "profile-invalid", subject: String(alert.dropFirst("profile-invalid/".count)), at: now)
                }
            } catch {
                logger.error("the alert could not be cleared", metadata: ["error": "\(error)"])
            }
            return []
        case .warn, .warningCleared, .extended, .refused:
            return []
        }
    }

    /// Writes a session's record in the terminal's own scope; a failure is logged (the
    /// session itself goes on: the visitor is not stopped for a record).
    func write(_ id: String, _ fields: [String: FieldValue], increment: [String: Int64] = [:]) {
        do {
            try replica.put(
                "sessions", id: id, scope: "terminal:\(terminal)", RecordUpdate(set: fields, increment: increment))
        } catch {
            logger.error("a session record could not be written", metadata: ["error": "\(error)"])
        }
    }

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "s-" + String(generator.next() as UInt64, radix: 16)
    }
}
