import Foundation
import LoketPeripherals
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Synchronization
import Testing

/// Print release against real printers: CUPS's ippeveprinter as the IPP printer, and a
/// cupsd of the test's own with a queue for it. The free pages come from a fake escrow
/// here (the hub's escrow in pages has its own test, CardAllowanceTests).
@Suite struct PrintQueueTests {
    /// A card's free pages: `free` at first, less what was used.
    final class Pages: PageAllowance {
        let state: Mutex<(free: Int, used: Int)>
        init(free: Int) { state = Mutex((free, 0)) }
        func freePages(card: String, at milliseconds: Int64, limit: Int) async throws -> Int {
            state.withLock { min(limit, $0.free - $0.used) }
        }
        func use(card: String, at milliseconds: Int64, limit: Int, pages: Int) async throws {
            state.withLock { $0.used += pages }
        }
        var used: Int { state.withLock { $0.used } }
    }

    final class Fixture: Sendable {
        let folder: TemporaryDirectory
        let replica: Replica
        let clock: ManualWallClock
        let rules: Mutex<PrintRules>
        let configuration: PrintConfiguration
        /// What the queues said (shown when a job does not get where it should).
        let log = CapturedLog()

        init(queue: String?, free: Int = 0, price: Int = 0, server: String = "localhost:631") throws {
            folder = try TemporaryDirectory(prefix: "loket-print")
            clock = ManualWallClock()
            var replicaConfiguration = ReplicaConfiguration()
            replicaConfiguration.wallClock = clock
            replica = try Replica(
                path: folder.path("t.sqlite"), configuration: replicaConfiguration, logger: TestLogging.silent)
            rules = Mutex(PrintRules(queue: queue, freePagesPerDay: free, pricePerPageCents: price))
            var configuration = PrintConfiguration()
            configuration.spoolDirectory = folder.path("spool")
            configuration.cupsServer = server
            self.configuration = configuration
        }

        func queue(_ pages: Pages? = nil, log: CapturedLog? = nil) throws -> PrintQueue {
            PrintQueue(
                replica: replica, terminal: "t1", configuration: configuration,
                client: IPPClient(timeoutMilliseconds: 10_000), rules: { self.rules.withLock { $0 } }, allowance: pages,
                clock: clock, logger: (log ?? self.log).logger)
        }

        func record(_ id: String) throws -> [String: FieldValue] {
            guard case .object(let fields)? = try replica.record("print_jobs", id: id) else { return [:] }
            return fields
        }

        func state(_ id: String) throws -> String? {
            if case .string(let state)? = try record(id)["state"] { return state }
            return nil
        }

        /// Sends and asks until the job reaches `state` (a real printer on a busy machine: 1,200
        /// rounds, two minutes at least). Counted in rounds, not by the clock: a test that
        /// gets no thread for a while (other tests' blocking work) still asks every round.
        func wait(_ queue: PrintQueue, _ id: String, _ state: String, printer: IPPPrinter? = nil) async throws {
            for _ in 0..<1_200 {
                await queue.dispatch()
                await queue.poll()
                if try self.state(id) == state { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            let printerLog = printer.map { "; the printer logged: \($0.log.suffix(3000))" } ?? ""
            throw TestHarnessError(
                "job \(id) is \(try self.state(id) ?? "nowhere"), not \(state); the queue said: \(log.text.suffix(1500))"
                    + printerLog
            )
        }

        func spool() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: configuration.spoolDirectory)) ?? []).sorted()
        }
    }

    static let text = Array("Aanvraag huurtoeslag — één pagina, ‘groeten’ uit Zwolle\n".utf8)

    @Test("straight to an IPP printer: held until the guest releases it, then printed as sent")
    func directPrinter() async throws {
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        let fixture = try Fixture(queue: printer.uri)
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        let id = try queue.submit(Self.text, format: "text/plain", session: "s1", card: nil)
        #expect(try fixture.state(id) == "held")
        await queue.dispatch()
        #expect(printer.printed().isEmpty, "a held job reached the printer")
        let release = await queue.release(session: "s1")
        #expect(release.jobs == 1 && release.pages == 1 && release.chargedPages == 0)
        try await fixture.wait(queue, id, "done", printer: printer)
        let printed = printer.printed()
        #expect(
            printed.count == 1 && printed.first.map(Array.init) == Self.text, "the printer has the document as sent")
        #expect(fixture.spool().isEmpty, "a finished job leaves nothing in the spool: \(fixture.spool())")
        let record = try fixture.record(id)
        #expect(record["printer"] == .string(printer.uri) && record["pages"] == .int(1))
        #expect(record["card"] == nil && record["title"] == nil)
    }

    @Test("a printer that no longer lists a finished job (restarted, or past its short history) has printed it")
    func forgottenJob() async throws {
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        let fixture = try Fixture(queue: printer.uri)
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        let id = try queue.submit(Self.text, format: "text/plain", session: "s1", card: nil)
        _ = await queue.release(session: "s1")
        await queue.dispatch()
        #expect(try fixture.state(id) == "printing")
        // The printer finishes the job, then restarts before the terminal asks: it keeps
        // no job history across a restart (nor, ippeveprinter, past a minute).
        var finished = false
        for _ in 0..<1_200 where !finished {
            finished = printer.log.contains("completed successfully")
            if !finished { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(finished, "the printer did not finish the job: \(printer.log.suffix(2000))")
        printer.stop()
        try printer.start()
        try await fixture.wait(queue, id, "done", printer: printer)
        #expect(fixture.spool().isEmpty, "a finished job leaves nothing in the spool: \(fixture.spool())")
        #expect(fixture.log.text.contains("no longer lists"), "\(fixture.log.text)")
    }

    @Test("through a CUPS queue: a card's jobs released by its tap; another card's stay held")
    func cupsQueue() async throws {
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        let cups = try await Blocking.run { try CupsDaemon() }
        defer { cups.stop() }
        try cups.addQueue("publiek", uri: printer.uri)
        let fixture = try Fixture(queue: "publiek", server: cups.server)
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        let mine = try queue.submit(Self.text, format: "text/plain", session: "s1", card: "card-aaaa")
        let theirs = try queue.submit(Self.text, format: "text/plain", session: "s2", card: "card-bbbb")
        let release = await queue.release(card: "card-aaaa")
        #expect(release.jobs == 1)
        try await fixture.wait(queue, mine, "done")
        #expect(try fixture.state(theirs) == "held")
        #expect(try fixture.record(mine)["printer"] == .string("ipp://\(cups.server)/printers/publiek"))
        for _ in 0..<100 where printer.printed().isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(printer.printed().count == 1, "cupsd passed the job to the printer; its log: \(cups.log.suffix(2000))")
    }

    @Test("a printer that is off: the released job waits on disk, across a restart, and prints when it is back")
    func printerOff() async throws {
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        printer.stop()
        let fixture = try Fixture(queue: printer.uri)
        defer { fixture.folder.remove() }
        let log = CapturedLog()
        let id: String
        do {
            let queue = try fixture.queue(log: log)
            id = try queue.submit(Self.text, format: "text/plain", session: "s1", card: nil)
            let release = await queue.release(session: "s1")
            #expect(release.jobs == 1)
            await queue.dispatch()
            #expect(try fixture.state(id) == "released")
            #expect(log.text.contains("cannot take jobs now"), "\(log.text)")
        }
        // The agent starts again (a new queue over the same spool folder and replica).
        let again = try fixture.queue()
        await again.dispatch()
        #expect(try fixture.state(id) == "released")
        #expect(fixture.spool().contains("\(id).doc"), "the document waits on disk")
        try printer.start()
        try await fixture.wait(again, id, "done")
        #expect(printer.printed().first.map(Array.init) == Self.text)
    }

    @Test("CUPS not running: released jobs wait on disk, and the log says why")
    func cupsAway() async throws {
        let fixture = try Fixture(queue: "publiek", server: "127.0.0.1:\(try LoopbackPort.free())")
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        let first = try queue.submit(Self.text, format: "text/plain", session: "s1", card: nil)
        let second = try queue.submit(Self.text, format: "text/plain", session: "s1", card: nil)
        let release = await queue.release(session: "s1")
        #expect(release.jobs == 2)
        await queue.dispatch()
        #expect(try fixture.state(first) == "released" && fixture.state(second) == "released")
        #expect(fixture.log.text.contains("cannot be reached"), "\(fixture.log.text)")
        #expect(fixture.spool().filter { $0.hasSuffix(".doc") }.count == 2, "both documents wait on disk")
    }

    @Test("a queue that rejects jobs keeps them waiting; a printer refusing the format fails the job and says why")
    func refusals() async throws {
        // Rejecting: cupsreject; the job waits and goes once the queue accepts again.
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        let cups = try await Blocking.run { try CupsDaemon() }
        defer { cups.stop() }
        try cups.addQueue("publiek", uri: printer.uri)
        // lpadmin -m everywhere finishes setting the queue up after it returns (and then
        // makes it accept jobs): reject until the queue says so for a second on end.
        let target = try PrintTarget.queue("publiek", server: cups.server)
        var rejecting = 0
        for _ in 0..<100 where rejecting < 5 {
            if (try? IPPClient().printerStatus(target).acceptingJobs) == false {
                rejecting += 1
            } else {
                rejecting = 0
                let reject = try Spawn.run(
                    "/usr/bin/env", ["CUPS_SERVER=\(cups.server)", "/usr/sbin/cupsreject", "publiek"],
                    logPath: cups.folder.path("reject.log"))
                #expect(reject == 0)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(rejecting == 5, "the queue does not stay rejecting")
        let fixture = try Fixture(queue: "publiek", server: cups.server)
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        let id = try queue.submit(Self.text, format: "text/plain", session: "s1", card: nil)
        await queue.release(session: "s1")
        await queue.dispatch()
        let waiting = try fixture.record(id)
        #expect(
            waiting["state"] == .string("released"),
            "a rejecting queue does not fail the job: \(waiting); \(fixture.log.text.suffix(1000))")
        let accept = try Spawn.run(
            "/usr/bin/env", ["CUPS_SERVER=\(cups.server)", "/usr/sbin/cupsaccept", "publiek"],
            logPath: cups.folder.path("accept.log"))
        #expect(accept == 0)
        try await fixture.wait(queue, id, "done")

        // Refusing for good: a text-only printer and a PDF.
        let textOnly = try IPPPrinter(formats: "text/plain")
        defer { textOnly.remove() }
        fixture.rules.withLock { $0.queue = textOnly.uri }
        let pdf = try queue.submit(Self.pdf(pages: 2), format: "application/pdf", session: "s2", card: nil)
        await queue.release(session: "s2")
        await queue.dispatch()
        #expect(try fixture.state(pdf) == "failed")
        guard case .string(let error)? = try fixture.record(pdf)["error"] else {
            Issue.record("no error on the failed job")
            return
        }
        #expect(error.contains("refused") && error.lowercased().contains("format"), "\(error)")
        #expect(!fixture.spool().contains { $0.hasPrefix(pdf) }, "a failed job's document is erased")
    }

    @Test("free pages: used from the escrow first; beyond them charged at the price, or held when pages have no price")
    func freePages() async throws {
        let printer = try await Blocking.run { try IPPPrinter() }
        defer { printer.remove() }
        // Three free pages a day, no price: the second two-page job waits.
        let fixture = try Fixture(queue: printer.uri, free: 3, price: 0)
        defer { fixture.folder.remove() }
        let pages = Pages(free: 3)
        let queue = try fixture.queue(pages)
        let first = try queue.submit(Self.pdf(pages: 2), format: "application/pdf", session: "s1", card: "card-a")
        let second = try queue.submit(Self.pdf(pages: 2), format: "application/pdf", session: "s1", card: "card-a")
        let release = await queue.release(card: "card-a")
        #expect(release.jobs == 1 && release.pages == 2 && release.stillHeld == 1 && release.chargedPages == 0)
        #expect(pages.used == 2)
        #expect(try fixture.state(second) == "held")
        try await fixture.wait(queue, first, "done", printer: printer)

        // With a price: the second job goes, one page free and one charged.
        fixture.rules.withLock { $0.pricePerPageCents = 10 }
        let again = await queue.release(card: "card-a")
        #expect(again.jobs == 1 && again.chargedPages == 1 && again.chargeCents == 10)
        #expect(pages.used == 3)
        #expect(try fixture.record(second)["charged_pages"] == .int(1))
        try await fixture.wait(queue, second, "done", printer: printer)

        // A guest has no free pages: with a price, everything is charged.
        let guest = try queue.submit(Self.text, format: "text/plain", session: "g1", card: nil)
        let paid = await queue.release(session: "g1")
        #expect(paid.jobs == 1 && paid.chargedPages == 1 && paid.chargeCents == 10)
        try await fixture.wait(queue, guest, "done")
    }

    @Test("session end: a guest's held jobs are cancelled and erased; a card's wait for its tap, then expire")
    func sessionEnd() throws {
        let fixture = try Fixture(queue: "ipp://127.0.0.1:9/ipp/print")
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        let guest = try queue.submit(Self.text, format: "text/plain", session: "g1", card: nil)
        let card = try queue.submit(Self.text, format: "text/plain", session: "c1", card: "card-c")
        #expect(try queue.sessionEnded("g1") == 1)
        #expect(try fixture.state(guest) == "cancelled")
        #expect(!fixture.spool().contains { $0.hasPrefix(guest) })
        #expect(try queue.sessionEnded("c1") == 0)
        #expect(try fixture.state(card) == "held")
        fixture.clock.advance(by: 29 * 60_000)
        #expect(try queue.expire() == 0)
        fixture.clock.advance(by: 2 * 60_000)
        #expect(try queue.expire() == 1)
        #expect(try fixture.state(card) == "cancelled" && fixture.spool().isEmpty)
        // The card's token is in no synced record.
        guard case .object(let all) = try fixture.replica.dump() else { return }
        #expect(!FieldValue.object(all).canonicalJSON.contains("card-c"))
    }

    @Test("bad documents are refused before anything is kept, each with its reason")
    func badDocuments() throws {
        let fixture = try Fixture(queue: "ipp://127.0.0.1:9/ipp/print")
        defer { fixture.folder.remove() }
        let queue = try fixture.queue()
        func refusal(_ document: [UInt8], _ format: String) -> String? {
            do {
                _ = try queue.submit(document, format: format, session: "s", card: nil)
                return nil
            } catch { return error.message }
        }
        #expect(refusal([], "text/plain")?.contains("1 byte") == true)
        #expect(refusal(Array("hello".utf8), "application/pdf")?.contains("not a PDF") == true)
        #expect(refusal(Array("%PDF-1.4\nno pages".utf8), "application/pdf")?.contains("no pages") == true)
        #expect(refusal([0x89, 0x50], "image/png")?.contains("cannot be printed here") == true)
        #expect(fixture.spool().isEmpty)
        fixture.rules.withLock { $0.queue = nil }
        #expect(refusal(Self.text, "text/plain")?.contains("printing is off") == true)
    }

    @Test("pages: PDF page objects, text by form feeds and 66 lines")
    func pageCounting() throws {
        #expect(try PageCounter.pages(Self.pdf(pages: 3), format: "application/pdf") == 3)
        #expect(try PageCounter.pages(Array("a\n".utf8), format: "text/plain") == 1)
        #expect(try PageCounter.pages(Array("a\u{0C}b\u{0C}".utf8), format: "text/plain") == 2)
        #expect(try PageCounter.pages(Array(String(repeating: "x\n", count: 66).utf8), format: "text/plain") == 1)
        #expect(try PageCounter.pages(Array(String(repeating: "x\n", count: 67).utf8), format: "text/plain") == 2)
    }

    /// A small valid PDF of `pages` empty A4 pages.
    static func pdf(pages: Int) -> [UInt8] {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
        let kids = (0..<pages).map { "\(3 + $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>")
        for _ in 0..<pages { objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>") }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
