import Foundation
import LoketHub
import LoketKiosk
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// TUF's freeze attack: a terminal kept from its updates (its network cut, the hub's
/// answers withheld) must not run on an old profile for ever. Past the installed profile's
/// expiry it takes no new session, says so to the fleet, and starts again once a current
/// version is installed.
@Suite struct ProfileExpiryTests {
    @Test("an expired installed profile stops the terminal after the running session, and the fleet sees why")
    func expiredProfileStops() async throws {
        let clock = ManualWallClock()
        try await withHub(.sqlite, clock: clock) { running in
            let client = try await running.terminal("t9", scopes: ["fleet", "terminal:t9"])
            let now = Int64(clock.nowMilliseconds())
            let controller = SessionController(
                replica: client.replica, terminal: "t9", rules: SessionRules(),
                wiper: SessionWiper(
                    configuration: WipeConfiguration(sessionDirectory: running.folder.path("session-t9")),
                    logger: TestLogging.silent),
                allowances: CardAllowanceBook(
                    replica: client.replica, terminal: "t9", authority: nil, logger: TestLogging.silent),
                clock: clock, logger: TestLogging.silent, profile: ("library@3", now + 10 * 60_000),
                closeBrowser: {})

            // A visitor's session runs past the expiry: it is not cut short.
            #expect(await controller.startGuest().first.map { if case .started = $0 { true } else { false } } == true)
            clock.advance(by: 11 * 60_000)
            _ = await controller.handle(.input)
            _ = await controller.handle(.tick)
            #expect(await controller.phase.name == "active", "the running visitor goes on")
            _ = await controller.handle(.end)
            _ = await controller.handle(.tick)
            #expect(await controller.phase.name == "profile-invalid", "then the terminal stops")
            #expect(await controller.startGuest() == [.refused("profile-invalid")])
            #expect(try client.replica.raisedAlerts() == ["profile-invalid/library@3"])

            // The fleet sees it, with the reason.
            try await client.reportHealth(
                HealthReport(
                    reportedAtMilliseconds: 0, agentVersion: LoketVersion.current,
                    sessionState: await controller.phase.name, profile: "library@3",
                    alerts: try client.replica.raisedAlerts()))
            _ = try await running.hub.checkAlerts(notifiers: [])
            let open = try await running.hub.alerts(by: running.adminPrincipal)
            let alert = try #require(open.first { $0.kind == "profile-invalid" })
            #expect(alert.terminal == "t9" && alert.detail.contains("library@3 expired"), "\(alert)")

            // A current version is installed: sessions start again, the alert clears.
            let effects = await controller.profile("library@4", expiresAt: Int64(clock.nowMilliseconds()) + 86_400_000)
            #expect(effects == [.profileCurrent])
            #expect(await controller.phase.name == "idle")
            #expect(try client.replica.raisedAlerts().isEmpty)
            #expect(await controller.startGuest().first.map { if case .started = $0 { true } else { false } } == true)
        }
    }
}
