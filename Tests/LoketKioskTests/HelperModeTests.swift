import Foundation
import Hummingbird
import HummingbirdTesting
import LoketKiosk
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The information point's helper mode through the screen's HTTP routes: the visitor asks
/// for help and reads out a code; a staff member joins on the second screen with it; the
/// helper's view guides (and has no field to type the visitor's data into); questions are
/// counted by category only. And the session bar's print and help pages.
@Suite struct HelperModeTests {
    func setup(_ features: ScreenFeatures) throws -> ScreenFixture {
        try ScreenFixture(
            prefix: "loket-helper", features: features, timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
    }

    static let informationPoint = ScreenFeatures(
        helperMode: true, helpButtonText: "Hulp nodig? Vraag het ons",
        printing: PrintingSettings(enabled: true, queue: "balie", freePagesPerDay: 10, pricePerPageCents: 10))

    func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func inputs(_ page: String) -> Int { page.components(separatedBy: "<input").count - 1 }

    @Test(
        "the visitor asks for help, a helper joins with the code, guides without typing, counts questions by category")
    func helperJoins() async throws {
        let s = try setup(Self.informationPoint)
        defer { s.folder.remove() }
        let app = Application(router: KioskScreenRouter.make(s.screen))
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/guest", method: .post)
            let session = text(try await client.execute(uri: "/", method: .get))
            #expect(session.contains("href=\"/help\">Hulp nodig? Vraag het ons<"), "the profile's help text")
            #expect(session.contains("href=\"/print\">Printen<"))

            // Before the visitor asks, the second screen waits for a code.
            let waiting = text(try await client.execute(uri: "/helper", method: .get))
            #expect(waiting.contains("Er is nu geen vraag om hulp.") && waiting.contains("name=\"code\""))
            #expect(Self.inputs(waiting) == 1 && !waiting.contains("password"), "only the code field: \(waiting)")

            let asked = try await client.execute(uri: "/help/request", method: .post)
            #expect(asked.status == .seeOther && asked.headers[.location] == "/help")
            let help = text(try await client.execute(uri: "/help", method: .get))
            let code = try #require(help.firstMatch(of: /<strong>([0-9]{4})<\/strong>/)?.1).description
            #expect(help.contains("Geef deze code aan de medewerker"))
            #expect(!help.contains("action=\"/help/request\""), "asked once, the button is gone")

            // A wrong code does not join; the right one does, with a cookie for this screen only.
            let wrong = String(format: "%04d", (Int(code)! + 1) % 10_000)
            let refused = try await client.execute(
                uri: "/helper/join", method: .post, headers: Self.form, body: ByteBuffer(string: "code=\(wrong)"))
            #expect(refused.headers[.setCookie] == nil)
            #expect(text(try await client.execute(uri: "/helper", method: .get)).contains("Die code klopt niet."))
            let joined = try await client.execute(
                uri: "/helper/join", method: .post, headers: Self.form, body: ByteBuffer(string: "code=\(code)"))
            let cookie = try #require(joined.headers[.setCookie]?.split(separator: ";").first).description
            #expect(cookie.hasPrefix("loket-helper=") && joined.headers[.setCookie]!.contains("HttpOnly"))
            let helper: HTTPFields = [.cookie: cookie]

            let view = text(try await client.execute(uri: "/helper", method: .get, headers: helper))
            #expect(view.contains("Typ nooit in een wachtwoordveld"), "\(view)")
            #expect(view.contains("<li>DigiD</li>") && view.contains("<li>Toeslagen</li>"))
            #expect(view.contains("DigiD Machtigen") && view.contains("value=\"toeslagen\""))
            #expect(Self.inputs(view) == 0 && !view.contains("password"), "the helper types nothing of the visitor's")
            #expect(!view.contains(code), "the code is spent")
            // Another screen without the cookie is not the helper; the code no longer joins.
            #expect(text(try await client.execute(uri: "/helper", method: .get)).contains("name=\"code\""))
            let second = try await client.execute(
                uri: "/helper/join", method: .post, headers: Self.form, body: ByteBuffer(string: "code=\(code)"))
            #expect(second.headers[.setCookie] == nil)

            // The visitor sees that someone helps, and can stop it.
            let visitor = text(try await client.execute(uri: "/", method: .get))
            #expect(visitor.contains("Een medewerker helpt u.") && visitor.contains("action=\"/help/stop\""))

            // Questions: by category, for the joined helper only.
            var withCookie = helper
            withCookie[.contentType] = "application/x-www-form-urlencoded"
            for category in ["digid", "digid", "toeslagen"] {
                let counted = try await client.execute(
                    uri: "/helper/question", method: .post, headers: withCookie,
                    body: ByteBuffer(string: "category=\(category)"))
                #expect(counted.status == .seeOther)
            }
            let stranger = try await client.execute(
                uri: "/helper/question", method: .post, headers: Self.form, body: ByteBuffer(string: "category=digid"))
            #expect(stranger.status == .forbidden)
            let unknown = try await client.execute(
                uri: "/helper/question", method: .post, headers: withCookie,
                body: ByteBuffer(string: "category=Mevrouw%20Jansen"))
            #expect(unknown.status == .badRequest)
            let counts = text(try await client.execute(uri: "/helper", method: .get, headers: helper))
            #expect(counts.contains("<li>DigiD: 2</li>") && counts.contains("<li>Toeslagen: 1</li>"), "\(counts)")

            // What is kept: a count per day and category; nothing of the visitor or session.
            guard case .object(let all) = try s.replica.dump(), case .array(let records)? = all["help_questions"]
            else { throw TestHarnessError("no help_questions collection") }
            #expect(records.count == 2)
            let sessionID = await s.screen.helperVisit?.sessionID ?? "?"
            for case .object(let record) in records {
                #expect(Set(record.keys).isSubset(of: ["id", "scope", "terminal", "day", "category", "count"]))
                #expect(record["day"] == .string("2026-01-01") && record["scope"] == .string("terminal:t1"))
                #expect(!"\(record)".contains(sessionID), "no session in a question's record")
            }
            #expect(
                try s.replica.record("help_questions", id: "2026-01-01/digid").map { "\($0)" }?.contains("2") == true)
            // The helper's joining is in the terminal's audit chain: who helped, not whom.
            let audit = try s.replica.auditRecords().map { try $0.entry.get() }
            #expect(audit.map(\.action) == ["help.join"] && audit.first?.actor == "helper:t1")
            #expect(!"\(audit)".contains(sessionID))

            // The session ends: the help ends with it.
            _ = try await client.execute(uri: "/end", method: .post)
            #expect(await s.screen.helperVisit == nil)
            let after = text(try await client.execute(uri: "/helper", method: .get, headers: helper))
            #expect(after.contains("name=\"code\"") && !after.contains("Typ nooit"))
            let late = try await client.execute(
                uri: "/helper/question", method: .post, headers: withCookie, body: ByteBuffer(string: "category=digid"))
            #expect(late.status == .forbidden)
        }
    }

    @Test("five wrong codes end the request; the visitor asks again for a new code")
    func wrongCodes() async throws {
        let s = try setup(Self.informationPoint)
        defer { s.folder.remove() }
        await s.screen.act(.startGuest)
        await s.screen.act(.requestHelp)
        let code = try #require(await s.screen.helperVisit?.code)
        let wrong = String(format: "%04d", (Int(code)! + 1) % 10_000)
        for _ in 0..<HelperVisit.maximumFailedAttempts {
            #expect(await s.screen.helperJoin(code: wrong, token: "t") == false)
        }
        #expect(await s.screen.helperVisit == nil)
        #expect(await s.screen.helperJoin(code: code, token: "t") == false, "the old code is gone")
        #expect(await s.screen.helperPage(token: "t").contains("Er is nu geen vraag om hulp."))
        await s.screen.act(.requestHelp)
        let again = try #require(await s.screen.helperVisit?.code)
        #expect(await s.screen.helperJoin(code: again, token: "t"))
    }

    @Test("helper mode off: no help request, the second screen says so; the print page without printing")
    func helperModeOff() async throws {
        let s = try setup(ScreenFeatures())
        defer { s.folder.remove() }
        await s.screen.act(.startGuest)
        await s.screen.act(.requestHelp)
        #expect(await s.screen.helperVisit == nil)
        let help = await s.screen.page(view: .help)
        #expect(
            !help.contains("action=\"/help/request\"") && help.contains("Vraag het aan een medewerker bij de balie."))
        #expect(help.contains("href=\"/help/digid-machtigen\""))
        #expect(await s.screen.helperPage(token: nil).contains("Meekijken staat uit op deze computer."))
        #expect(await s.screen.page(view: .print).contains("Op deze computer kunt u niet printen."))
        let machtigen = await s.screen.page(view: .machtigen)
        #expect(machtigen.contains("Geef uw eigen DigiD en wachtwoord nooit aan iemand anders."))
    }

    @Test("the print page gives the profile's free pages and price, in Dutch and English")
    func printPage() async throws {
        let s = try setup(Self.informationPoint)
        defer { s.folder.remove() }
        await s.screen.act(.startGuest)
        let dutch = await s.screen.page(view: .print)
        #expect(
            dutch.contains("U mag vandaag 10 pagina") && dutch.contains("gratis printen.") && dutch.contains("€ 0,10"),
            "\(dutch)")
        await s.screen.act(.preferences(language: "en", largeText: nil, highContrast: nil))
        let english = await s.screen.page(view: .print)
        #expect(english.contains("10 pages for free") && english.contains("€0.10"))
        #expect(english.contains("href=\"/help\">Help<"), "the profile's Dutch help text only in Dutch")
    }
}
