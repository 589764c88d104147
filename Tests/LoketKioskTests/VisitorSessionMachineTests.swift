import LoketKiosk
import Testing

/// The visitor's session, driven by a clock the test moves.
@Suite struct VisitorSessionMachineTests {
    // 60-minute card sessions, 30-minute guest sessions, 300 s idle timeout, 60 s warning.
    let timers = SessionTimers(SessionRules())
    let start: Int64 = 1_790_000_000_000

    func seconds(_ s: Int) -> Int64 { start + Int64(s) * 1000 }

    /// Ticks every second from `from` through `to` (as the agent does), gathering effects.
    func tick(_ machine: inout VisitorSessionMachine, from: Int, to: Int, inputEvery: Int? = nil) -> [SessionEffect] {
        var effects: [SessionEffect] = []
        for second in from...to {
            if let inputEvery, second % inputEvery == 0 { effects += machine.handle(.input, at: seconds(second)) }
            effects += machine.handle(.tick, at: seconds(second))
        }
        return effects
    }

    @Test("a guest session: idle warning at 240 s, input keeps it, time-up warning, end, close, wipe, idle")
    func guestLifecycle() {
        var machine = VisitorSessionMachine(timers: timers)
        let started = machine.handle(.startGuest(id: "s1"), at: start)
        #expect(started.count == 1 && machine.phase.name == "active")
        #expect(machine.handle(.startGuest(id: "s2"), at: start) == [.refused("busy")])

        // Idle: the warning comes 60 s before the 300 s timeout, once.
        var effects = tick(&machine, from: 1, to: 239)
        #expect(effects.isEmpty)
        effects = tick(&machine, from: 240, to: 250)
        #expect(effects == [.warn(.idle, secondsLeft: 60)])
        #expect(machine.handle(.input, at: seconds(251)) == [.warningCleared])
        #expect(machine.phase.name == "active")

        // Kept busy, the session runs to its 30 minutes: the time-up warning at 29:00.
        effects = tick(&machine, from: 252, to: 1_739, inputEvery: 100)
        #expect(effects.isEmpty, "\(effects)")
        effects = tick(&machine, from: 1_740, to: 1_799, inputEvery: 10)
        #expect(effects == [.warn(.timeUp, secondsLeft: 60)], "input does not answer a time-up warning")
        #expect(machine.handle(.extend(allowanceSeconds: nil), at: seconds(1_790)) == [.refused("not-extendable")])
        effects = machine.handle(.tick, at: seconds(1_800))
        guard case .ended(let session, .timeUp, let used)? = effects.first else {
            Issue.record("expected the end: \(effects)")
            return
        }
        #expect(session.id == "s1" && used == 1_800 && machine.phase.name == "ending")
        #expect(machine.handle(.startGuest(id: "s2"), at: seconds(1_801)) == [.refused("busy")])
        #expect(machine.handle(.browserClosed, at: seconds(1_801)) == [.wipe(sessionID: "s1")])
        #expect(machine.handle(.wipeFinished, at: seconds(1_802)) == [.wiped(sessionID: "s1")])
        #expect(machine.phase == .idle)
    }

    @Test("an idle visitor's session ends at the timeout, not a second later, and not earlier")
    func idleEnd() {
        var machine = VisitorSessionMachine(timers: timers)
        _ = machine.handle(.startGuest(id: "s1"), at: start)
        _ = tick(&machine, from: 1, to: 299)
        #expect(machine.phase.name == "warning")
        let effects = machine.handle(.tick, at: seconds(300))
        #expect(effects.count == 1 && machine.phase.name == "ending")
        if case .ended(_, let reason, let used)? = effects.first {
            #expect(reason == .idle && used == 300)
        }
    }

    @Test("the countdown needs nothing but the clock: ticks missed while busy end the session at once")
    func noFreezeNoExtension() {
        // The agent's loop stalled (say, the network hung a call) for ten minutes: the
        // first tick afterwards ends the session; the time does not stand still.
        var machine = VisitorSessionMachine(timers: timers)
        _ = machine.handle(.startGuest(id: "s1"), at: start)
        let effects = machine.handle(.tick, at: seconds(600))
        #expect(machine.phase.name == "ending")
        if case .ended(_, let reason, let used)? = effects.first {
            #expect(reason == .idle && used == 600)
        }
        // A card session with 20 minutes left today ends after 20 minutes, whatever the
        // session length.
        var card = VisitorSessionMachine(timers: timers)
        _ = card.handle(.startCard(id: "s2", card: "tok", allowanceSeconds: 1_200), at: start)
        _ = tick(&card, from: 1, to: 1_199, inputEvery: 60)
        #expect(card.phase.name == "warning")
        let end = card.handle(.tick, at: seconds(1_200))
        if case .ended(_, let reason, let used)? = end.first {
            #expect(reason == .timeUp && used == 1_200)
        } else {
            Issue.record("expected the end: \(end)")
        }
    }

    @Test("more time: a card with minutes left extends by a session length within its minutes; without, refused")
    func extend() {
        var machine = VisitorSessionMachine(timers: timers)
        #expect(
            machine.handle(.startCard(id: "s1", card: "tok", allowanceSeconds: 0), at: start) == [
                .refused("no-minutes-left")
            ])
        _ = machine.handle(.startCard(id: "s1", card: "tok", allowanceSeconds: 5_400), at: start)  // 90 min today
        _ = tick(&machine, from: 1, to: 3_540, inputEvery: 60)
        #expect(machine.phase.name == "warning")
        // 90 minutes today, 59 used: 30 more (not a whole 60-minute session).
        let extended = machine.handle(.extend(allowanceSeconds: 5_400 - 3_541), at: seconds(3_541))
        #expect(extended.first == .extended(seconds: 1_800), "\(extended)")
        #expect(machine.phase.session?.endsAt == seconds(5_400))
        _ = tick(&machine, from: 3_542, to: 5_341, inputEvery: 60)
        #expect(machine.phase.name == "warning")
        #expect(machine.handle(.extend(allowanceSeconds: 59), at: seconds(5_342)) == [.refused("no-minutes-left")])
        #expect(machine.handle(.tick, at: seconds(5_400)).count == 1 && machine.phase.name == "ending")
    }

    @Test("a failed wipe blocks the next session until a wipe succeeds")
    func failedWipe() {
        var machine = VisitorSessionMachine(timers: timers)
        _ = machine.handle(.startGuest(id: "s1"), at: start)
        #expect(machine.handle(.end, at: seconds(10)).count == 1)
        _ = machine.handle(.browserClosed, at: seconds(11))
        #expect(
            machine.handle(.wipeFailed("3 files left"), at: seconds(12)) == [
                .outOfOrder(sessionID: "s1", reason: "3 files left")
            ])
        #expect(machine.handle(.startGuest(id: "s2"), at: seconds(13)) == [.refused("out-of-order")])
        #expect(
            machine.handle(.startCard(id: "s2", card: "t", allowanceSeconds: nil), at: seconds(13)) == [
                .refused("out-of-order")
            ])
        #expect(machine.handle(.retryWipe, at: seconds(14)) == [.wipe(sessionID: "s1")])
        #expect(machine.handle(.wipeFinished, at: seconds(15)) == [.wiped(sessionID: "s1")])
        #expect(machine.handle(.startGuest(id: "s2"), at: seconds(16)).count == 1)

        // A browser that will not close: out of order before any wipe.
        #expect(machine.handle(.end, at: seconds(20)).count == 1)
        #expect(
            machine.handle(.wipeFailed("the browser did not close"), at: seconds(21)) == [
                .outOfOrder(sessionID: "s2", reason: "the browser did not close")
            ])
    }

    @Test("guests are refused when the profile says so")
    func noGuests() {
        var rules = SessionRules()
        rules.guestsAllowed = false
        var machine = VisitorSessionMachine(timers: SessionTimers(rules))
        #expect(machine.handle(.startGuest(id: "s1"), at: start) == [.refused("guests-not-allowed")])
        #expect(machine.phase == .idle)
    }
}
