import Foundation
import LoketHub
import LoketKiosk
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Synchronization
import Testing

@testable import LoketSyncClient

/// A card's daily minutes across terminals, with the hub and without it: the escrow.
@Suite struct CardAllowanceTests {
    /// The terminal's way to the hub: its real sync client, or one aimed at a port where
    /// nothing listens (the hub out of reach).
    final class Line: AllowanceAuthority {
        let current: Mutex<any AllowanceAuthority>
        init(_ authority: any AllowanceAuthority) { current = Mutex(authority) }
        func set(_ authority: any AllowanceAuthority) { current.withLock { $0 = authority } }
        func claimAllowance(_ claim: AllowanceClaim) async throws -> AllowanceGrant {
            try await current.withLock { $0 }.claimAllowance(claim)
        }
        func releaseAllowance(_ claim: AllowanceClaim) async throws -> AllowanceGrant {
            try await current.withLock { $0 }.releaseAllowance(claim)
        }
    }

    struct Kiosk {
        var client: SyncClient
        var unreachable: SyncClient
        var line: Line
        var controller: SessionController
        var book: CardAllowanceBook

        func online() { line.set(client) }
        func offline() { line.set(unreachable) }
    }

    static func kiosk(_ running: RunningHub, _ name: String, rules: SessionRules) async throws -> Kiosk {
        // Online, the hub must answer: a patient timeout keeps a loaded machine from turning a
        // slow answer into an offline claim. Offline, the closed port refuses at once.
        var patient = SyncConfiguration()
        patient.allowanceTimeoutMilliseconds = 30_000
        let client = try await running.terminal(
            name, scopes: ["fleet", "branch:b1", "terminal:\(name)"], configuration: patient)
        var quick = SyncConfiguration()
        quick.allowanceTimeoutMilliseconds = 300
        let unreachable = try SyncClient(
            replica: client.replica, configuration: quick, clock: running.clock,
            logger: TestLogging.silent, hub: "http://127.0.0.1:\(try LoopbackPort.free())")
        running.clients.withLock { $0.append { try await unreachable.shutdown() } }
        let line = Line(client)
        let book = CardAllowanceBook(
            replica: client.replica, terminal: name, authority: line, logger: TestLogging.silent)
        let wiper = SessionWiper(
            configuration: WipeConfiguration(sessionDirectory: running.folder.path("session-\(name)")),
            logger: TestLogging.silent)
        let controller = SessionController(
            replica: client.replica, terminal: name, rules: rules, wiper: wiper, allowances: book, clock: running.clock,
            logger: TestLogging.silent, timeZone: TimeZone(identifier: "UTC")!, closeBrowser: {})
        return Kiosk(client: client, unreachable: unreachable, line: line, controller: controller, book: book)
    }

    /// Lets `minutes` pass with the visitor busy: a tap and a tick every 30 s.
    static func busy(_ kiosk: Kiosk, _ clock: ManualWallClock, minutes: Int) async -> [SessionEffect] {
        var effects: [SessionEffect] = []
        for _ in 0..<(minutes * 2) {
            clock.advance(by: 30_000)
            effects += await kiosk.controller.handle(.input)
            effects += await kiosk.controller.handle(.tick)
        }
        return effects
    }

    static func endsIn(_ kiosk: Kiosk, _ clock: ManualWallClock) async -> Int64? {
        guard let session = await kiosk.controller.phase.session else { return nil }
        return (session.endsAt - Int64(clock.nowMilliseconds())) / 60_000
    }

    @Test(
        "60 minutes a day: what one terminal holds the other cannot use, offline neither; never more than 60 in all",
        arguments: StoreKind.allCases)
    func escrow(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let rules = SessionRules(dailyMinutesPerCard: 60, sessionMinutes: 45)
            let first = try await Self.kiosk(running, "t1", rules: rules)
            let second = try await Self.kiosk(running, "t2", rules: rules)
            let card = "pseudonym-0f3a9c"

            // Online at t1: the hub grants the day's 60; the session is 45 at most.
            _ = await first.controller.startCard(token: card)
            #expect(await Self.endsIn(first, clock) == 45)
            _ = await Self.busy(first, clock, minutes: 20)
            let ended = await first.controller.handle(.end)
            #expect(ended.contains(.wiped(sessionID: await sessionID(ended))), "\(ended)")
            #expect(
                try first.book.entry(card: card, day: "2026-01-01")
                    == .init(cap: 20, spent: 20, grant: 1, released: true))

            // Online at t2: the 40 left.
            _ = await second.controller.startCard(token: card)
            #expect(await Self.endsIn(second, clock) == 40)
            // Meanwhile at t1 the card gets nothing: t2 holds the rest.
            #expect(await first.controller.startCard(token: card) == [.refused("no-minutes-left")])

            // The hub goes out of reach. t2's session ends after 10 minutes; the release waits.
            first.offline()
            second.offline()
            _ = await Self.busy(second, clock, minutes: 10)
            _ = await second.controller.handle(.end)
            #expect(
                try second.book.entry(card: card, day: "2026-01-01")
                    == .init(cap: 40, spent: 10, grant: 1, released: false))
            // Offline, t1 holds nothing for the card; t2 still holds 30 and lends them.
            #expect(await first.controller.startCard(token: card) == [.refused("no-minutes-left")])
            _ = await second.controller.startCard(token: card)
            #expect(await Self.endsIn(second, clock) == 30)
            let out = await Self.busy(second, clock, minutes: 30)
            #expect(out.contains { if case .ended(_, .timeUp, _) = $0 { true } else { false } }, "\(out)")
            #expect(await second.controller.startCard(token: card) == [.refused("no-minutes-left")])

            // The hub is back: the release goes, the sessions sync; the day is used up.
            second.online()
            first.online()
            #expect(try await second.book.releasePending(limitMinutes: 60) == 1)
            #expect(await first.controller.startCard(token: card) == [.refused("no-minutes-left")])
            let spent = try [first, second].map { try $0.book.entry(card: card, day: "2026-01-01")?.spent ?? 0 }
            #expect(spent.reduce(0, +) == 60, "\(spent)")
            try await second.client.sync()
            let page = try await running.hub.store.pull(
                terminal: "t2", excludingOrigin: nil, scopes: ["terminal:t2"], after: 0, limit: 1_000,
                nowMilliseconds: Int64(clock.nowMilliseconds()), nonce: nil)
            let pulled = try Hub.changes(of: page)
            let sessions = Set(pulled.filter { $0.collection == "sessions" }.map(\.recordID))
            #expect(sessions.count == 2, "both of t2's sessions reached the hub")
            let wiped = pulled.filter { $0.collection == "sessions" && $0.operation.field == "wiped_at" }
            #expect(wiped.count == 2)

            for kiosk in [first, second] {
                try await kiosk.client.shutdown()
                try await kiosk.unreachable.shutdown()
            }
        }
    }

    func sessionID(_ effects: [SessionEffect]) async -> String {
        for effect in effects { if case .ended(let session, _, _) = effect { return session.id } }
        return ""
    }

    @Test(
        "free pages have their own escrow: 5 a day across two terminals, online and offline, apart from the minutes",
        arguments: StoreKind.allCases)
    func pages(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let rules = SessionRules(dailyMinutesPerCard: 60, sessionMinutes: 45)
            let first = try await Self.kiosk(running, "t1", rules: rules)
            let second = try await Self.kiosk(running, "t2", rules: rules)
            func pages(_ kiosk: Kiosk) -> CardAllowanceBook {
                CardAllowanceBook(
                    replica: kiosk.client.replica, terminal: kiosk.book.terminal, authority: kiosk.line, unit: .pages,
                    logger: TestLogging.silent)
            }
            let card = "pseudonym-pages-1"
            let now = Int64(clock.nowMilliseconds())
            // t1 prints 3 of the 5 and gives the rest back; t2 then gets 2.
            #expect(try await pages(first).freePages(card: card, at: now, limit: 5) == 5)
            try await pages(first).use(card: card, at: now, limit: 5, pages: 3)
            #expect(try await pages(second).freePages(card: card, at: now, limit: 5) == 2)
            // t2 holds them now: t1, offline, has nothing; online, the hub has none free.
            first.offline()
            #expect(try await pages(first).freePages(card: card, at: now, limit: 5) == 0)
            first.online()
            #expect(try await pages(first).freePages(card: card, at: now, limit: 5) == 0)
            // t2 goes offline and prints its 2 from what it holds; no more.
            second.offline()
            #expect(try await pages(second).freePages(card: card, at: now, limit: 5) == 2)
            try await pages(second).use(card: card, at: now, limit: 5, pages: 2)
            #expect(try await pages(second).freePages(card: card, at: now, limit: 5) == 0)
            // The card's minutes are untouched by its pages.
            _ = await first.controller.startCard(token: card)
            #expect(await Self.endsIn(first, clock) == 45)
            // Back online, t2's release reaches the hub: 5 used in all, none free.
            second.online()
            #expect(try await pages(second).releasePending(limitMinutes: 5) == 1)
            let hub = try await first.client.claimAllowance(
                AllowanceClaim(card: card, day: "2026-01-01", limitMinutes: 5, spentMinutes: 3, unit: .pages))
            #expect(hub.freeMinutes == 0 && hub.capMinutes == 3, "\(hub)")
            // The hub refuses more than 500 free pages a day.
            do {
                _ = try await first.client.claimAllowance(
                    AllowanceClaim(card: card, day: "2026-01-01", limitMinutes: 600, spentMinutes: 0, unit: .pages))
                Issue.record("600 free pages a day were accepted")
            } catch let SyncError.hub(status, code, _) { #expect(status == 400 && code == "bad-limit") }
        }
    }

    @Test(
        "the hub refuses what is not a card token, a day that is not today, and an admin or a stranger",
        arguments: [StoreKind.sqlite])
    func refusals(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            // Answers are what is tested, not the visitor's short wait: a loaded machine may
            // take longer than the 2.5 s a terminal gives the hub before it decides alone.
            var patient = SyncConfiguration()
            patient.allowanceTimeoutMilliseconds = 30_000
            let client = try await running.terminal("t1", scopes: ["fleet", "terminal:t1"], configuration: patient)
            func code(_ claim: AllowanceClaim) async -> String? {
                do {
                    _ = try await client.claimAllowance(claim)
                    return nil
                } catch let SyncError.hub(_, code, _) { return code } catch { return "\(error)" }
            }
            let notAToken = await code(
                AllowanceClaim(card: "1234 5678", day: "2026-01-01", limitMinutes: 60, spentMinutes: 0))
            #expect(notAToken == "bad-card", "got \(notAToken ?? "no refusal")")
            #expect(
                await code(AllowanceClaim(card: "pseudonym-1", day: "2025-12-01", limitMinutes: 60, spentMinutes: 0))
                    == "bad-day")
            #expect(
                await code(AllowanceClaim(card: "pseudonym-1", day: "1 Jan", limitMinutes: 60, spentMinutes: 0))
                    == "bad-day")
            #expect(
                await code(AllowanceClaim(card: "pseudonym-1", day: "2026-01-01", limitMinutes: 0, spentMinutes: 0))
                    == "bad-limit")
            let granted = try await client.claimAllowance(
                AllowanceClaim(card: "pseudonym-1", day: "2026-01-01", limitMinutes: 60, spentMinutes: 0))
            #expect(granted.capMinutes == 60 && granted.freeMinutes == 0 && granted.grant == 1)
            // A lower limit from another profile holds for the day.
            let lower = try await client.claimAllowance(
                AllowanceClaim(card: "pseudonym-1", day: "2026-01-01", limitMinutes: 30, spentMinutes: 5))
            #expect(lower.capMinutes == 60 && lower.grant == 2, "what was granted stays granted: \(lower)")
            let admin = try running.admin()
            let forbidden = try await RawHTTP.send(running.url, "POST", "/v1/allowances/claim", headers: [], body: [])
            #expect(forbidden.status == 401)
            try await admin.shutdown()
            try await client.shutdown()
        }
    }
}
