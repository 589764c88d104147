import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import LoketKiosk
import LoketStore
import LoketSync
import LoketTesting
import NIOCore
import NIOHTTP1
import Testing

/// The kiosk screen through its HTTP routes: a guest's whole session, in Dutch and in
/// English, without JavaScript.
@Suite struct KioskScreenTests {
    func setup() async throws -> ScreenFixture { try ScreenFixture(prefix: "loket-screen") }

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test("start as guest, services, idle warning, continue, stop: everything is erased, in Dutch")
    func guestSession() async throws {
        let s = try await setup()
        defer { s.folder.remove() }
        let app = Application(router: KioskScreenRouter.make(s.screen))
        try await app.test(.router) { client in
            let start = try await client.execute(uri: "/", method: .get)
            #expect(start.status == .ok)
            #expect(text(start).contains("<html lang=\"nl\">") && text(start).contains("Beginnen als gast"))
            #expect(text(start).contains("Houd uw bibliotheekpas tegen de lezer."))

            let started = try await client.execute(uri: "/guest", method: .post)
            #expect(started.status == .seeOther && started.headers[.location] == "/")
            let session = text(try await client.execute(uri: "/", method: .get))
            #expect(session.contains("Nog 30 minuten") && session.contains("Stoppen"), "\(session)")
            #expect(session.contains("href=\"https://digid.nl/\"") && session.contains(">Toeslagen<"))
            #expect(!session.contains("role=\"alert\""))

            // A visitor who did nothing for four minutes is asked whether they are there.
            s.clock.advance(by: 240_000)
            await s.screen.take(await s.controller.handle(.tick))
            let warned = text(try await client.execute(uri: "/", method: .get))
            #expect(warned.contains("role=\"alert\"") && warned.contains("over 60 seconden"), "\(warned)")
            #expect(warned.contains("Ik ben er nog") && !warned.contains("Meer tijd"))
            _ = try await client.execute(uri: "/continue", method: .post)
            #expect(!text(try await client.execute(uri: "/", method: .get)).contains("role=\"alert\""))

            // A file of the visitor's, then "Stop": wiped, "Alles is gewist".
            try FileManager.default.createDirectory(atPath: s.session + "/chromium", withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: s.session + "/chromium/Cookies", contents: Data("c".utf8)))
            _ = try await client.execute(uri: "/end", method: .post)
            let ended = text(try await client.execute(uri: "/", method: .get))
            #expect(ended.contains("Alles is gewist") && ended.contains("U kunt veilig weggaan."), "\(ended)")
            #expect(
                try FileManager.default.subpathsOfDirectory(atPath: s.session).sorted() == ["chromium", "downloads"])
            s.clock.advance(by: 16_000)
            #expect(text(try await client.execute(uri: "/", method: .get)).contains("Beginnen als gast"))
        }
    }

    @Test("English, larger text and more contrast for one visitor; the next starts in Dutch again")
    func preferences() async throws {
        let s = try await setup()
        defer { s.folder.remove() }
        let app = Application(router: KioskScreenRouter.make(s.screen))
        try await app.test(.router) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            _ = try await client.execute(
                uri: "/preferences", method: .post, headers: form, body: ByteBuffer(string: "lang=en"))
            _ = try await client.execute(
                uri: "/preferences", method: .post, headers: form, body: ByteBuffer(string: "large=1"))
            _ = try await client.execute(
                uri: "/preferences", method: .post, headers: form, body: ByteBuffer(string: "contrast=1"))
            let page = text(try await client.execute(uri: "/", method: .get))
            #expect(page.contains("<html lang=\"en\">") && page.contains("Start as guest"))
            #expect(page.contains("class=\"text-large contrast-high\""), "\(page)")
            #expect(page.contains("aria-pressed=\"true\""))
            _ = try await client.execute(uri: "/guest", method: .post)
            #expect(text(try await client.execute(uri: "/", method: .get)).contains("30 minutes left"))
            _ = try await client.execute(uri: "/end", method: .post)
            #expect(text(try await client.execute(uri: "/", method: .get)).contains("Everything is erased"))
            s.clock.advance(by: 16_000)
            let next = text(try await client.execute(uri: "/", method: .get))
            #expect(next.contains("<html lang=\"nl\">") && !next.contains("text-large"))

            let css = try await client.execute(uri: "/static/kiosk.css", method: .get)
            #expect(css.status == .ok && text(css).contains("contrast-high"))
            let status = try await client.execute(uri: "/status.json", method: .get)
            #expect(text(status).contains("\"phase\":\"idle\""))
        }
    }

    @Test("an action sent from another site is refused; the session bar's extension may act")
    func otherSitesCannotAct() async throws {
        let s = try await setup()
        defer { s.folder.remove() }
        let app = Application(router: KioskScreenRouter.make(s.screen))
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/guest", method: .post)
            let foreign = try await client.execute(
                uri: "/end", method: .post, headers: [.origin: "https://phishing.example"])
            #expect(foreign.status == .forbidden)
            #expect(await s.controller.phase.name == "active", "a foreign page did not end the session")
            let page = try await client.execute(uri: "/", method: .get, headers: [.origin: "https://phishing.example"])
            #expect(page.status == .ok, "reading is not acting")
            let bar = try await client.execute(
                uri: "/input", method: .post, headers: [.origin: "chrome-extension://\(KioskExtension.id)"])
            #expect(bar.status == .noContent)
            let other = try await client.execute(
                uri: "/input", method: .post, headers: [.origin: "chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh"])
            #expect(other.status == .forbidden)
        }
    }

    @Test("a page on another name that resolves to loopback (DNS rebinding) can neither act nor read")
    func rebindingIsRefused() async throws {
        let s = try await setup()
        defer { s.folder.remove() }
        let app = Application(
            router: KioskScreenRouter.make(s.screen), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            func send(_ method: HTTPMethod, _ path: String, host: String, origin: String? = nil) async throws
                -> (status: UInt, headers: HTTPHeaders, body: String)
            {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
                request.method = method
                request.headers.replaceOrAdd(name: "Host", value: host)
                if let origin { request.headers.add(name: "Origin", value: origin) }
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 1 << 20)
                return (response.status.code, response.headers, String(buffer: body))
            }
            let rebound = "rebind.example:\(port)"
            let start = try await send(.POST, "/guest", host: rebound, origin: "http://\(rebound)")
            #expect(start.status == 421, "got \(start.status): \(start.body)")
            #expect(await s.controller.phase.name != "active", "the rebinding page started no session")
            let status = try await send(.GET, "/status.json", host: rebound)
            #expect(status.status == 421 && !status.body.contains("phase"), "the page cannot read the screen's state")
            for host in ["localhost.rebind.example", "127.0.0.1.nip.example:\(port)", "127.0.0.1:\(port)x"] {
                #expect(try await send(.GET, "/", host: host).status == 421, "\(host)")
            }

            for host in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST"] {
                let page = try await send(.GET, "/", host: host)
                #expect(page.status == 200, "\(host)")
                let policy = page.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'self'"))
                #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
            }
            let own = "127.0.0.1:\(port)"
            let guest = try await send(.POST, "/guest", host: own, origin: "http://\(own)")
            #expect(guest.status < 400, "the redirect is followed to the page")
            #expect(await s.controller.phase.name == "active", "the screen itself starts a session")
        }
    }

    @Test("a refusal is said in words: no guests here")
    func refusal() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-screen-refusal")
        defer { folder.remove() }
        let clock = ManualWallClock()
        let replica = try Replica(path: folder.path("t.sqlite"), logger: TestLogging.silent)
        var rules = SessionRules()
        rules.guestsAllowed = false
        let controller = SessionController(
            replica: replica, terminal: "t1", rules: rules,
            wiper: SessionWiper(
                configuration: WipeConfiguration(sessionDirectory: folder.path("session")), logger: TestLogging.silent),
            allowances: CardAllowanceBook(replica: replica, terminal: "t1", authority: nil, logger: TestLogging.silent),
            clock: clock, logger: TestLogging.silent, closeBrowser: {})
        let screen = try KioskScreen(
            controller: controller, defaults: ScreenPreferences(), guestsAllowed: false, clock: clock, services: { [] })
        await screen.act(.startGuest)
        let page = await screen.page()
        #expect(page.contains("alleen met een bibliotheekpas"), "\(page)")
        #expect(!page.contains("Beginnen als gast"))
    }

    @Test("the Dutch and English strings hold the same keys")
    func strings() throws {
        let strings = try ScreenStrings.load()
        #expect(Set(strings.table("nl").keys) == Set(strings.table("en").keys))
        #expect(strings.text("minutesLeft", "nl", ["minutes": "12"]) == "Nog 12 minuten")
    }
}
