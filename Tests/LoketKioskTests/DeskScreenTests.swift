import Foundation
import Hummingbird
import HummingbirdTesting
import LoketKiosk
import LoketLending
import LoketStore
import LoketSync
import LoketTesting
import ServiceLifecycle
import Testing

/// The lending desk's screen through its HTTP routes (Dutch and English, without
/// JavaScript), and in real headless Chromium by keyboard with axe-core on every page.
@Suite struct DeskScreenTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let alice = "card-" + String(repeating: "a1", count: 16)
    static let bob = "card-" + String(repeating: "b2", count: 16)

    /// Two desks of one branch on their own replicas and one clock; `screen` is desk A's.
    struct Fixture {
        let folder: TemporaryDirectory
        let clock = ManualWallClock()
        let a: LendingDesk
        let b: LendingDesk
        let screen: DeskScreen

        init() throws {
            folder = try TemporaryDirectory(prefix: "loket-desk")
            var configuration = ReplicaConfiguration()
            configuration.wallClock = clock
            var desks: [LendingDesk] = []
            for name in ["a", "b"] {
                let replica = try Replica(
                    path: folder.path("\(name).sqlite"), configuration: configuration, logger: TestLogging.silent)
                desks.append(
                    try LendingDesk(
                        replica: replica, branch: "centrum", desk: "desk-\(name)", clock: clock,
                        logger: TestLogging.silent))
            }
            (a, b) = (desks[0], desks[1])
            screen = try DeskScreen(desk: a, clock: clock, timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        }

        /// B's changes to A and A's to B.
        func sync() throws {
            try a.replica.merge(try b.replica.changes(since: try a.replica.versionVector()))
            try b.replica.merge(try a.replica.changes(since: try b.replica.versionVector()))
        }
    }

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("lend after a tap, refusals in Dutch, take back, wipe, English — by HTTP forms")
    func forms() async throws {
        let f = try Fixture()
        defer { f.folder.remove() }
        try f.a.addDevice(tag: "LPT-1", kind: .laptop, model: "Lenovo T14")
        try f.a.addDevice(tag: "LPT-2", kind: .laptop, model: "Lenovo T14")
        let app = Application(router: DeskScreenRouter.make(f.screen))
        try await app.test(.router) { client in
            func post(_ uri: String, _ body: String) async throws -> String {
                let response = try await client.execute(
                    uri: uri, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: body))
                #expect(response.status == .seeOther)
                return text(try await client.execute(uri: response.headers[.location] ?? "/", method: .get))
            }
            let home = text(try await client.execute(uri: "/", method: .get))
            #expect(home.contains("<html lang=\"nl\">") && home.contains("Nog geen pas gelezen"))
            #expect(home.contains("id=\"lend-tag\" name=\"tag\" autocomplete=\"off\" autofocus"))
            #expect(try await post("/checkout", "tag=LPT-1").contains("Er is geen pas gelezen"))

            await f.screen.cardTapped(Self.alice)
            #expect(text(try await client.execute(uri: "/", method: .get)).contains("Pas gelezen."))
            let lent = try await post("/checkout", "tag=lpt-1")
            #expect(lent.contains("LPT-1 is uitgeleend tot 22 januari 2026."), "\(lent)")
            #expect(try f.a.device("LPT-1").state == .lent)
            #expect(try await post("/checkout", "tag=LPT-2").contains("Er is geen pas gelezen"), "one tap, one loan")

            await f.screen.cardTapped(Self.bob)
            let refused = try await post("/checkout", "tag=LPT-1")
            #expect(refused.contains("role=\"alert\">LPT-1 kan nu niet uitgeleend worden: uitgeleend."), "\(refused)")
            f.clock.advance(by: DeskScreen.cardMilliseconds)
            #expect(try await post("/checkout", "tag=LPT-2").contains("Er is geen pas gelezen"), "the tap ran out")

            let back = try await post("/return", "tag=LPT-1&condition=lader+mist")
            #expect(back.contains("LPT-1 is ingenomen."))
            #expect(try f.a.history(device: "LPT-1").first?.condition == "lader mist")
            let wipes = text(try await client.execute(uri: "/wipes", method: .get))
            #expect(wipes.contains("id=\"operator-LPT-1\""))
            #expect(try await post("/wiped", "tag=LPT-1&method=reimage&operator=JdV").contains("LPT-1 is gewist"))
            #expect(try f.a.wipes("LPT-1").first?.operator == "JdV")

            let english = try await client.execute(
                uri: "/language", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .referer: "http://127.0.0.1/devices"],
                body: ByteBuffer(string: "lang=en"))
            #expect(english.headers[.location] == "/devices")
            let devices = text(try await client.execute(uri: "/devices", method: .get))
            #expect(devices.contains("<html lang=\"en\">") && devices.contains("aria-current=\"page\">Devices</a>"))
            #expect(devices.contains("<td>LPT-1</td><td>laptop</td><td>Lenovo T14</td><td>available</td>"))

            let forged = try await client.execute(
                uri: "/checkout", method: .post,
                headers: [.origin: "https://phishing.example", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "tag=LPT-2"))
            #expect(forged.status == .forbidden, "a page of another site cannot lend")
        }
    }

    @Test("a conflict from two desks apart is shown and settled on the screen; the settlement reaches the other desk")
    func conflict() async throws {
        let f = try Fixture()
        defer { f.folder.remove() }
        try f.a.addDevice(tag: "LPT-9", kind: .laptop, model: "Dell")
        try f.sync()
        let first = try f.a.checkout("LPT-9", borrower: Self.alice)
        _ = try f.b.checkout("LPT-9", borrower: Self.bob)
        try f.sync()
        let page = await f.screen.page(.conflicts)
        #expect(page.contains("LPT-9 is twee keer uitgeleend"))
        #expect(page.contains("value=\"\(first.id)\""))
        #expect(await f.screen.page(.home).contains("Conflicten: 1"))
        let id = try #require(try f.a.conflicts().first?.id)
        await f.screen.resolve(id: id, keep: first.id, note: "Bij de lener nagevraagd")
        #expect(await f.screen.page(.conflicts).contains("Het conflict is opgelost."))
        try f.sync()
        #expect(try f.b.conflicts().isEmpty)
    }

    @Test("in Chromium: scan and lend, take back, wipe, settle a conflict by keyboard; axe finds nothing on any page")
    func inChromium() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            Issue.record("chromedriver is missing: run scripts/bootstrap")
            return
        }
        try await ExclusiveUse.chromium.run {
            let f = try Fixture()
            defer { f.folder.remove() }
            try f.a.addDevice(tag: "LPT-1", kind: .laptop, model: "Lenovo T14")
            try f.a.addDevice(tag: "LPT-9", kind: .laptop, model: "Dell")
            try f.sync()
            _ = try f.a.checkout("LPT-9", borrower: Self.alice)
            _ = try f.b.checkout("LPT-9", borrower: Self.bob)
            try f.sync()
            await f.screen.cardTapped(DeskScreenTests.bob.replacingOccurrences(of: "b2", with: "c3"))
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let application = Application(
                router: DeskScreenRouter.make(f.screen), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: TestLogging.silent)
            let group = ServiceGroup(services: [application], logger: TestLogging.silent)
            let server = Task { try await group.run() }
            var port = 0
            for await bound in ports {
                port = bound
                break
            }
            let log = f.folder.path("desk-check.log")
            let status = try await Spawn.runDetached(
                Self.repository.appendingPathComponent("scripts/accessibility/run").path,
                ["desk", "http://127.0.0.1:\(port)/", "LPT-1"], logPath: log)
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(status == 0 && output.contains("\"failures\": 0"), "\(output.suffix(4000))")
            #expect(try f.a.history(device: "LPT-1").first?.condition == "lader mist", "the return went through")
            #expect(try f.a.wipes("LPT-1").count == 1 && f.a.device("LPT-1").state == .available)
            #expect(try f.a.conflicts().isEmpty && f.a.conflicts(includeResolved: true).count == 1)
            await group.triggerGracefulShutdown()
            _ = try? await server.value
        }
    }
}
