import Foundation
import LoketHub
import LoketKiosk
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Testing

@testable import LoketSyncClient

/// The fleet console on a real hub: log-in with roles, terminals by branch with their
/// state and no personal data, another branch's pages refused (403), rollouts with a halt
/// and a reissue, alerts acknowledged, the audit log verified, statistics downloaded;
/// then the same in headless Chromium by keyboard, with axe-core on every page.
@Suite struct ConsoleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fleet worth looking at: three terminals in two branches with health reports (one
    /// out of order with its printer off), a profile rolled out to the canary ring and
    /// halted on a bad version, alerts, a desk's audit entries, a visitor session.
    static func fleet(_ running: RunningHub, clock: ManualWallClock) async throws {
        try await running.hub.addUser(name: "ilse", role: .admin, branch: nil, password: "correct horse battery")
        try await running.hub.addUser(name: "anna", role: .staff, branch: "noord", password: "anna's long password")
        try await running.hub.addUser(name: "bram", role: .staff, branch: "zuid", password: "bram's long password")

        let admin = try running.admin()
        let signer = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
        let reissue = try await admin.reissueKey()
        let trust = ProfileTrust(signers: [signer], reissuers: [reissue.keyid: reissue.publicKey])
        _ = try await admin.setProfileTrust(try trust.file(signedBy: [signer]))
        let north = try await ProfileRolloutTests.kiosk(
            running, "noord-01", scopes: ["fleet", "branch:noord", "ring:canary"])
        let north2 = try await ProfileRolloutTests.kiosk(running, "noord-02", scopes: ["fleet", "branch:noord"])
        let south = try await ProfileRolloutTests.kiosk(running, "zuid-01", scopes: ["fleet", "branch:zuid"])
        _ = try await admin.pushProfile(SignedProfile.sign(ProfileRolloutTests.profile(1), with: [signer]))
        _ = try await admin.rollout("library", RolloutOrder(ring: "canary"))
        for kiosk in [north, north2, south] { try await kiosk.round() }
        clock.advance(by: 60_000)
        _ = try await admin.pushProfile(
            SignedProfile.sign(ProfileRolloutTests.profile(2, receiptPrinter: true), with: [signer]))
        _ = try await admin.rollout("library", RolloutOrder(ring: "canary"))
        for kiosk in [north, north2, south] { try await kiosk.round() }

        // A visitor session and a desk's action on the north terminal, synced.
        try north.client.replica.put(
            "sessions", id: "s-1", scope: "terminal:noord-01",
            RecordUpdate(
                set: [
                    "terminal": .string("noord-01"), "kind": .string("guest"),
                    "started_at": .int(Int64(clock.nowMilliseconds())),
                ],
                increment: ["minutes_used": 12]))
        try north.client.replica.write { tx in
            try tx.appendAudit(
                actor: "desk:noord-01", action: "lend.checkout", target: "device:LPT-1", place: "branch:noord",
                scope: "branch:noord", at: Int64(clock.nowMilliseconds()))
        }
        _ = try await north.client.sync()
        try await north.client.reportHealth(
            HealthReport(
                reportedAtMilliseconds: 0, agentVersion: LoketVersion.current, sessionState: "out-of-order",
                profile: "library@3", diskFreePercent: 41,
                peripherals: [
                    .init(kind: "nfc-reader", state: "ok"),
                    .init(kind: "printer", state: "offline", detail: "cannot be reached"),
                ]))
        try await north2.client.reportHealth(
            HealthReport(reportedAtMilliseconds: 0, agentVersion: LoketVersion.current, sessionState: "active"))
        try await south.client.reportHealth(
            HealthReport(reportedAtMilliseconds: 0, agentVersion: LoketVersion.current, sessionState: "idle"))
        try await running.hub.checkAlerts(notifiers: [])
    }

    @Test(
        "log-in and roles: staff see their branch and get 403 elsewhere; admins see the fleet",
        arguments: StoreKind.allCases)
    func rolesOverHTTP(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            try await Self.fleet(running, clock: clock)
            let anna = ConsoleClient(base: running.url)
            defer { Task { try? await anna.shutdown() } }

            var page = try await anna.get("/console")
            #expect(page.status == 303 && page.location == "/console/login")
            page = try await anna.get("/console/login")
            #expect(page.status == 200 && page.text.contains("<html lang=\"nl\">") && page.text.contains("Wachtwoord"))
            page = try await anna.post("/console/login", ["name": "anna", "password": "wrong password!"])
            #expect(page.status == 401 && page.text.contains("De naam of het wachtwoord klopt niet."))
            page = try await anna.post("/console/login", ["name": "anna", "password": "anna's long password"])
            #expect(page.status == 303 && page.location == "/console")
            let cookie = page.headers["set-cookie"] ?? ""
            #expect(
                cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"))

            page = try await anna.get("/console")
            #expect(page.status == 200)
            #expect(page.text.contains("noord-01") && page.text.contains("noord-02") && !page.text.contains("zuid-01"))
            #expect(page.text.contains("Vestiging noord") && page.text.contains("buiten gebruik (wissen mislukt)"))
            #expect(page.text.contains("library@3") && page.text.contains("reageert niet"))
            #expect(!page.text.contains("s-1") && !page.text.contains("card-"), "no session or card on the page")
            #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)

            page = try await anna.get("/console/terminals/zuid-01")
            #expect(page.status == 403 && page.text.contains("Dit is niet van uw vestiging."), "\(page.status)")
            page = try await anna.get("/console/terminals/noord-01")
            #expect(page.status == 200 && page.text.contains("Terminal noord-01") && page.text.contains("41%"))
            page = try await anna.get("/console/rollouts")
            #expect(page.status == 403)
            page = try await anna.get("/console/terminals/nergens")
            #expect(page.status == 404)

            page = try await anna.get("/console/alerts")
            #expect(page.status == 200 && page.text.contains("Wissen mislukt") && page.text.contains("Printer offline"))
            #expect(!page.text.contains("zuid-01"))
            let alert = FleetAlert.id(terminal: "noord-01", kind: "wipe-failed", subject: "-")
            page = try await anna.post("/console/alerts/\(alert)/acknowledge", origin: "http://evil.example")
            #expect(page.status == 403, "an action from another site")
            page = try await anna.post("/console/alerts/\(alert)/acknowledge")
            #expect(page.status == 303 && page.location == "/console/alerts")
            page = try await anna.get("/console/alerts")
            #expect(page.text.contains("user:anna"))

            page = try await anna.get("/console/statistics/sessions.csv")
            #expect(page.status == 200 && page.headers["content-type"]?.hasPrefix("text/csv") == true)
            let lines = page.text.split(separator: "\r\n")
            #expect(lines.first == "date,hour,branch,kind,sessions,minutes")
            #expect(lines.count == 2 && lines[1].hasSuffix(",noord,guest,1,12"), "\(page.text)")

            page = try await anna.post("/console/language", ["lang": "en"])
            #expect(page.status == 303)
            page = try await anna.get("/console")
            #expect(page.text.contains("<html lang=\"en\">") && page.text.contains("Branch noord"))

            page = try await anna.post("/console/logout")
            #expect(page.status == 303 && page.location == "/console/login")
            page = try await anna.get("/console")
            #expect(page.status == 303, "logged out")

            // The admin sees the fleet, the rollouts with the halt, the audit log intact.
            let ilse = ConsoleClient(base: running.url)
            defer { Task { try? await ilse.shutdown() } }
            _ = try await ilse.post("/console/login", ["name": "ilse", "password": "correct horse battery"])
            page = try await ilse.get("/console")
            #expect(page.text.contains("noord-01") && page.text.contains("zuid-01"))
            page = try await ilse.get("/console/rollouts")
            #expect(page.status == 200 && page.text.contains("library") && page.text.contains("Versie 2 gestopt"))
            #expect(page.text.contains("opnieuw uitgegeven als versie 3"), "\(page.text)")
            page = try await ilse.get("/console/audit")
            #expect(page.status == 200 && page.text.contains("Het logboek is intact"))
            #expect(page.text.contains("console.login") && page.text.contains("user:anna"))
            #expect(page.text.contains("lend.checkout") && page.text.contains("alert.acknowledge"))

            // Five wrong passwords make the name wait a second, the right one included.
            let guess = ConsoleClient(base: running.url)
            defer { Task { try? await guess.shutdown() } }
            for _ in 0..<5 {
                _ = try await guess.post("/console/login", ["name": "bram", "password": "not bram's at all"])
            }
            page = try await guess.post("/console/login", ["name": "bram", "password": "bram's long password"])
            #expect(page.status == 429 && page.text.contains("Wacht even en probeer het dan opnieuw"))
            clock.advance(by: 1_000)
            page = try await guess.post("/console/login", ["name": "bram", "password": "bram's long password"])
            #expect(page.status == 303)

            // A log-in ends after eight hours; the housekeeping forgets it.
            clock.advance(by: 8 * 3_600_000)
            page = try await ilse.get("/console")
            #expect(page.status == 303 && page.location == "/console/login")
            _ = try await running.hub.collectGarbage()
            #expect(try await running.hub.store.documents(prefix: "console-session/").isEmpty)
            #expect(try await running.hub.store.documents(prefix: "login-failures/").isEmpty)
        }
    }

    @Test("in headless Chromium by keyboard: every page passes axe-core at 100 % and 200 % text, in Dutch and English")
    func accessibleInChromium() async throws {
        let clock = ManualWallClock()
        try await ExclusiveUse.chromium.run {
            try await withHub(.sqlite, clock: clock) { running in
                try await Self.fleet(running, clock: clock)
                let log = running.folder.path("console-check.log")
                let status = try await Spawn.runDetached(
                    Self.repository.appendingPathComponent("scripts/accessibility/run").path,
                    [
                        "console", running.url, "ilse", "correct horse battery", "anna", "anna's long password",
                        "noord-01", "zuid-01",
                    ], logPath: log)
                let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                #expect(status == 0 && output.contains("\"failures\": 0"), "\(output.suffix(4000))")
                let seen = try await running.hub.alerts(by: .user(ConsoleUser(name: "ilse", role: .admin)))
                #expect(seen.contains { $0.acknowledgedBy == "user:ilse" }, "the keyboard's 'Gezien' went through")
            }
        }
    }
}
