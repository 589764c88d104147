import Foundation
import LoketKiosk
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The agent's kiosk runtime follows the profile the applier installs: new session rules
/// hold from the next session on (the running visitor keeps theirs), and the screen's
/// settings (guests, helper mode) change at once.
@Suite struct KioskRuntimeTests {
    static func profile(
        version: Int, guestMinutes: Int, guests: Bool, helper: Bool, expires: String = "2027-01-01T00:00:00Z"
    ) throws -> String {
        let profile = try ProfileDocument.parse(
            """
            id: library
            version: \(version)
            expires: \(expires)
            services:
              - name: DigiD
                urls: ["https://*.digid.nl/*"]
            session:
              guestsAllowed: \(guests)
              guestSessionMinutes: \(guestMinutes)
            informationPoint:
              helperMode: \(helper)
            """)
        return String(decoding: try CanonicalJSON.encode(profile), as: UTF8.self)
    }

    static func install(_ replica: Replica, _ document: String, digest: String) throws {
        try replica.setSettings([
            KioskSettingKeys.installedDocument: document, KioskSettingKeys.installedDigest: digest,
        ])
    }

    @Test(
        "past the installed profile's expiry the terminal takes no session and reports why; a current one restarts it")
    func expiredProfileStops() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-runtime-expiry")
        defer { folder.remove() }
        let clock = ManualWallClock()  // 2026-01-01
        var replicaConfiguration = ReplicaConfiguration()
        replicaConfiguration.wallClock = clock
        let replica = try Replica(
            path: folder.path("t.sqlite"), configuration: replicaConfiguration, logger: TestLogging.silent)
        try Self.install(
            replica,
            try Self.profile(
                version: 1, guestMinutes: 30, guests: true, helper: false, expires: "2026-01-02T00:00:00Z"),
            digest: "v1")
        var configuration = KioskRuntimeConfiguration()
        configuration.sessionDirectory = folder.path("session")
        let runtime = try KioskRuntime(
            replica: replica, terminal: "t1", authority: nil, configuration: configuration, clock: clock,
            logger: TestLogging.silent)
        clock.advance(by: 2 * 86_400_000)
        _ = await runtime.controller.handle(.tick)
        let health = await runtime.health(expected: [])
        #expect(health.sessionState == "profile-invalid" && health.alerts == ["profile-invalid/library@1"])
        await runtime.screen.act(.startGuest)
        #expect(await runtime.controller.phase.name == "profile-invalid", "no visitor is let in")
        #expect(await runtime.screen.page().contains("Deze computer werkt nu niet"))

        try Self.install(
            replica,
            try Self.profile(
                version: 2, guestMinutes: 30, guests: true, helper: false, expires: "2026-02-01T00:00:00Z"),
            digest: "v2")
        await runtime.afterSync()
        #expect(await runtime.controller.phase.name == "idle")
        await runtime.screen.act(.startGuest)
        #expect(await runtime.controller.phase.name == "active")
    }

    @Test("the screens listen on this machine only: another address is refused at start, and so are other names")
    func loopbackOnly() throws {
        let folder = try TemporaryDirectory(prefix: "loket-runtime-loopback")
        defer { folder.remove() }
        let replica = try Replica(path: folder.path("t.sqlite"), logger: TestLogging.silent)
        for host in ["0.0.0.0", "192.168.1.20", "kiosk.local"] {
            var configuration = KioskRuntimeConfiguration()
            configuration.sessionDirectory = folder.path("session")
            configuration.screenHost = host
            #expect(throws: ScreenError.self, "\(host)") {
                _ = try KioskRuntime(
                    replica: replica, terminal: "t1", authority: nil, configuration: configuration,
                    clock: ManualWallClock(), logger: TestLogging.silent)
            }
        }
        for authority in ["127.0.0.1:8471", "localhost", "LOCALHOST:1", "[::1]:8471"] {
            #expect(LoopbackName.isLoopback(authority: authority), "\(authority)")
        }
        for authority in ["127.0.0.1.nip.io", "localhost.evil.example:80", "[::1]x", "127.0.0.1:80x", "::1", ""] {
            #expect(!LoopbackName.isLoopback(authority: authority), "\(authority)")
        }
    }

    @Test("a newly installed profile: its rules from the next session on, its screen settings at once")
    func followsTheInstalledProfile() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-runtime")
        defer { folder.remove() }
        let clock = ManualWallClock()
        var replicaConfiguration = ReplicaConfiguration()
        replicaConfiguration.wallClock = clock
        let replica = try Replica(
            path: folder.path("t.sqlite"), configuration: replicaConfiguration, logger: TestLogging.silent)
        try Self.install(
            replica, try Self.profile(version: 1, guestMinutes: 30, guests: true, helper: false), digest: "v1")
        var configuration = KioskRuntimeConfiguration()
        configuration.sessionDirectory = folder.path("session")
        let runtime = try KioskRuntime(
            replica: replica, terminal: "t1", authority: nil, configuration: configuration, clock: clock,
            logger: TestLogging.silent)
        func minutesLeft() async -> Int64? {
            guard let session = await runtime.controller.phase.session else { return nil }
            return (session.endsAt - Int64(clock.nowMilliseconds())) / 60_000
        }

        await runtime.screen.act(.startGuest)
        #expect(await minutesLeft() == 30)
        await runtime.screen.act(.requestHelp)
        #expect(await runtime.screen.helperVisit == nil, "version 1 has no helper mode")

        // Version 2 arrives mid-session: 45 guest minutes, helper mode.
        try Self.install(
            replica, try Self.profile(version: 2, guestMinutes: 45, guests: true, helper: true), digest: "v2")
        await runtime.afterSync()
        #expect(await minutesLeft() == 30, "the running visitor keeps the time they started with")
        await runtime.screen.act(.requestHelp)
        #expect(await runtime.screen.helperVisit != nil, "helper mode holds at once")
        await runtime.screen.act(.end)
        #expect(await runtime.controller.phase == .idle)
        await runtime.screen.act(.startGuest)
        #expect(await minutesLeft() == 45, "the next session has version 2's length")
        await runtime.screen.act(.end)

        // Version 3: no guests.
        try Self.install(
            replica, try Self.profile(version: 3, guestMinutes: 45, guests: false, helper: true), digest: "v3")
        await runtime.afterSync()
        clock.advance(by: 60_000)
        #expect(!(await runtime.screen.page(fresh: true)).contains("Beginnen als gast"))
        await runtime.screen.act(.startGuest)
        #expect(await runtime.controller.phase == .idle, "guests are refused under version 3")

        // The same digest again changes nothing (and does not throw away a pending change).
        await runtime.afterSync()
        #expect(await runtime.controller.machine.timers.guestsAllowed == false)
    }
}
