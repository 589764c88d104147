import Foundation
import Hummingbird
import HummingbirdTesting
import LoketKiosk
import LoketPeripherals
import LoketStore
import LoketSync
import LoketTesting
import NIOCore
import Testing

/// Printing from a visitor's session, through the kiosk runtime as the agent runs it: the
/// document handed to the screen is held, listed on the print page, released with
/// "Nu printen", printed through a real cupsd by a real IPP printer (ippeveprinter); what a
/// guest leaves held is cancelled by the wipe.
@Suite struct KioskPrintingTests {
    @Test("a guest prints: held, released from the print page, printed through CUPS; the rest is cancelled by the wipe")
    func guestPrints() async throws {
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        let cups = try await Blocking.run { try CupsDaemon() }
        defer { cups.stop() }
        try cups.addQueue("publiek", uri: printer.uri)
        var fixture = try RuntimeFixture(
            prefix: "loket-kiosk-print",
            profile: """
                id: library
                version: 1
                expires: 2027-01-01T00:00:00Z
                services:
                  - name: DigiD
                    urls: ["https://*.digid.nl/*"]
                printing:
                  enabled: true
                  queue: publiek
                  pricePerPageCents: 10
                  freePagesPerDay: 5
                """)
        defer { fixture.folder.remove() }
        // The canonical form the terminal installs reads back as the same profile.
        #expect(
            try ProfileDocument.parse(String(decoding: try CanonicalJSON.encode(fixture.profile), as: UTF8.self))
                == fixture.profile)
        fixture.configuration.printing.cupsServer = cups.server
        let runtime = try fixture.runtime()
        let (folder, replica) = (fixture.folder, fixture.replica)
        let app = Application(router: KioskScreenRouter.make(runtime.screen))
        let document = "Formulier huurtoeslag — één pagina\n"
        try await app.test(.router) { client in
            let outside = try await client.execute(
                uri: "/print/submit", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: document))
            #expect(outside.status == .conflict, "no session, no printing")
            _ = try await client.execute(uri: "/guest", method: .post)
            let submitted = try await client.execute(
                uri: "/print/submit", method: .post, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ByteBuffer(string: document))
            #expect(submitted.status == .created, "\(String(buffer: submitted.body))")
            let bad = try await client.execute(
                uri: "/print/submit", method: .post, headers: [.contentType: "image/png"],
                body: ByteBuffer(bytes: [0x89, 0x50]))
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("cannot be printed here"))
            let held = String(buffer: try await client.execute(uri: "/print", method: .get).body)
            #expect(held.contains("Uw afdrukken") && held.contains("1 pagina(&#39;s): wacht op u"), "\(held)")
            #expect(held.contains("action=\"/print/release\""))
            let release = try await client.execute(uri: "/print/release", method: .post)
            #expect(release.status == .seeOther)
            let released = String(buffer: try await client.execute(uri: "/print", method: .get).body)
            #expect(released.contains("gaan naar de printer") && released.contains("Betaal €"), "\(released)")
            #expect(!released.contains("action=\"/print/release\""), "nothing is held any more")
            // The page follows the job to the printer: "klaar" once the printer has printed it.
            var page = ""
            for _ in 0..<300 {
                await runtime.printQueue.dispatch()
                await runtime.printQueue.poll()
                page = String(buffer: try await client.execute(uri: "/print", method: .get).body)
                if page.contains(": klaar") { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(page.contains("1 pagina(&#39;s): klaar"), "\(page)")
            // A second document, left held when the session ends.
            _ = try await client.execute(
                uri: "/print/submit", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "tweede\n"))
        }
        for _ in 0..<300 where printer.printed().isEmpty {
            await runtime.printQueue.dispatch()
            await runtime.printQueue.poll()
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(printer.printed().count == 1, "cupsd's log: \(cups.log.suffix(1500))")
        await runtime.screen.act(.end)
        for _ in 0..<100 where await runtime.controller.phase.name != "idle" {
            await runtime.screen.take(await runtime.controller.handle(.tick))
            try await Task.sleep(for: .milliseconds(20))
        }
        guard case .object(let all) = try replica.dump(), case .array(let records)? = all["print_jobs"] else {
            Issue.record("no print_jobs records")
            return
        }
        let states = records.compactMap { record -> String? in
            guard case .object(let fields) = record, case .string(let state)? = fields["state"] else { return nil }
            return state
        }
        #expect(states.contains("cancelled"), "the held document was cancelled by the wipe: \(states)")
        let spool = (try? FileManager.default.contentsOfDirectory(atPath: folder.path("spool"))) ?? []
        #expect(!spool.contains { $0.hasSuffix(".doc") }, "no document is left in the spool: \(spool)")
        #expect(states.count == 2 && (states.contains("done") || states.contains("printing")), "\(states)")
    }
}
