import Foundation
import LoketLending
import LoketStore
import LoketTesting
import Synchronization
import Testing

/// Reminders for overdue loans: only to borrowers who asked, by e-mail through a pluggable
/// sender (a real mail drop folder here) or as a printed letter; a durable queue that
/// retries, and forgets what it no longer needs.
@Suite struct ReminderTests {
    let mail = DeskFixture.card(1)
    let post = DeskFixture.card(2)
    let silent = DeskFixture.card(3)

    /// Fails the first `failures` sends: the queue's retry logic, without a mail server.
    final class FlakySender: NoticeSender {
        let failures: Int
        let count = Mutex(0)
        init(failures: Int) { self.failures = failures }
        func send(_ message: ReminderMessage, id: String) async throws {
            let attempt = count.withLock { value -> Int in
                value += 1
                return value
            }
            if attempt <= failures { throw LendingError(.unavailable, "the relay is away (attempt \(attempt))") }
        }
    }

    func overdueDesk() throws -> DeskFixture {
        let fixture = try DeskFixture(
            branches: ["centrum", "centrum"], rules: LendingRules(loanDays: 7, maximumLoansPerBorrower: 2))
        let desk = fixture.desk
        for tag in ["LPT-1", "LPT-2", "LPT-3"] { try desk.addDevice(tag: tag, kind: .laptop, model: "Lenovo T14") }
        try desk.optIn(mail, email: "lener@example.nl", address: nil)
        try desk.optIn(post, email: nil, address: "Dorpsstraat 1\n1234 AB Ergens", language: "en")
        _ = try desk.checkout("LPT-1", borrower: mail)
        _ = try desk.checkout("LPT-2", borrower: post)
        _ = try desk.checkout("LPT-3", borrower: silent)
        fixture.advance(days: 8)
        return fixture
    }

    @Test("contact details are checked, and an opt-out forgets them")
    func optIn() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        let desk = fixture.desk
        for bad in ["no-at-sign", "two@@example.nl", "a@b", "a b@example.nl", "x@example.nl\r\nBcc: y@z.nl"] {
            #expect(throws: LendingError.self) { try desk.optIn(mail, email: bad, address: nil) }
        }
        #expect(throws: LendingError.self) { try desk.optIn(mail, email: nil, address: nil) }
        #expect(throws: LendingError.self) { try desk.optIn(mail, email: nil, address: "1\n2\n3\n4\n5\n6") }
        let borrower = try desk.optIn(mail, email: " lener@example.nl ", address: nil)
        #expect(try borrower.email == "lener@example.nl" && desk.borrower(mail) == borrower)
        try desk.optOut(mail)
        #expect(try desk.borrower(mail) == nil)
    }

    @Test("overdue loans get one reminder each, by the way the borrower chose; none without consent")
    func queue() throws {
        let fixture = try overdueDesk()
        defer { fixture.close() }
        let (a, b) = (fixture.desks[0], fixture.desks[1])
        #expect(try a.queueReminders() == 2)
        #expect(try a.queueReminders() == 0, "queued once")
        try fixture.sync()
        #expect(try b.queueReminders() == 0, "the other desk sees them queued")
        let notices = try a.notices()
        #expect(notices.count == 2 && Set(notices.map(\.channel)) == [.email, .letter])
        #expect(notices.allSatisfy { $0.state == .queued })
        #expect(!notices.contains { $0.borrower == silent }, "no reminder without consent")
        let letters = try a.letters(timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        #expect(letters.count == 1)
        #expect(
            letters[0].letter.hasPrefix("Dorpsstraat 1\n1234 AB Ergens\n\n\nPlease bring back the Lenovo T14 (LPT-2)"))
        #expect(letters[0].letter.contains("was due back on 8 January 2026"))
        #expect(throws: LendingError.self, "an e-mail is no letter") {
            try a.lettersPrinted([notices.first { $0.channel == .email }!.id])
        }
        #expect(throws: LendingError.self) { try a.lettersPrinted(["no-such-loan/overdue"]) }
        try a.lettersPrinted([letters[0].notice.id])
        #expect(try a.letters().isEmpty)
        // The device comes back before the e-mail went: it is not sent.
        _ = try a.returnDevice("LPT-1")
        #expect(try a.notices(state: .queued).isEmpty)
    }

    @Test("e-mail through the mail drop folder: one RFC 5322 message per reminder, marked sent")
    func mailDrop() async throws {
        let fixture = try overdueDesk()
        defer { fixture.close() }
        let desk = fixture.desk
        try desk.queueReminders()
        let folder = fixture.folder.path("maildrop")
        let sender = MailDropSender(folder: folder, from: "Bibliotheek Centrum <balie@bieb.example.nl>")
        #expect(try await desk.sendReminders(with: sender, timeZone: TimeZone(identifier: "Europe/Amsterdam")!) == 1)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1 && files[0].hasSuffix("-overdue.eml"), "\(files)")
        let text = try String(contentsOfFile: folder + "/" + files[0], encoding: .utf8)
        #expect(
            text.hasPrefix(
                "From: Bibliotheek Centrum <balie@bieb.example.nl>\r\nTo: lener@example.nl\r\nSubject: =?UTF-8?B?"))
        #expect(text.contains("de Lenovo T14 met nummer LPT-1") && text.contains("op 8 januari 2026 terugbrengen"))
        #expect(!text.contains(mail), "the card token is not in the e-mail")
        #expect(try desk.notices().first { $0.channel == .email }?.state == .sent)
        #expect(try await desk.sendReminders(with: sender) == 0, "sent once")
    }

    @Test("a sender that fails: the reminder stays queued and is tried again, and fails for good at the fifth try")
    func retries() async throws {
        let fixture = try overdueDesk()
        defer { fixture.close() }
        let desk = fixture.desk
        try desk.queueReminders()
        let flaky = FlakySender(failures: 2)
        #expect(try await desk.sendReminders(with: flaky) == 0)
        #expect(
            try desk.notices(state: .queued).first { $0.channel == .email }?.error?.contains("relay is away") == true)
        #expect(try await desk.sendReminders(with: flaky) == 0)
        #expect(try await desk.sendReminders(with: flaky) == 1)
        #expect(try desk.notices(state: .sent).first?.attempts == 3)

        try desk.addDevice(tag: "LPT-4", kind: .laptop, model: "X")
        _ = try desk.checkout("LPT-4", borrower: mail)
        fixture.advance(days: 8)
        try desk.queueReminders()
        let down = FlakySender(failures: 100)
        for _ in 0..<5 { try await desk.sendReminders(with: down) }
        let failed = try desk.notices(state: .failed)
        #expect(failed.count == 1 && failed[0].attempts == 5)
    }

    @Test("the agent's hourly round: old history purged, reminders queued, e-mails sent, letters left to print")
    func upkeepRound() async throws {
        let fixture = try overdueDesk()
        defer { fixture.close() }
        let desk = fixture.desk
        _ = try desk.returnDevice("LPT-3")
        fixture.advance(days: 30)
        let sender = FlakySender(failures: 0)
        // One round: the sleep after it stops the service.
        try await LendingUpkeep(desk: desk, sender: sender, sleep: { throw CancellationError() }).run()
        #expect(try desk.history(device: "LPT-3").isEmpty, "the loan returned 30 days ago is purged")
        #expect(sender.count.withLock { $0 } == 1)
        #expect(try desk.notices(state: .sent).map(\.channel) == [.email])
        #expect(try desk.notices(state: .queued).map(\.channel) == [.letter])
    }

    @Test("after the retention period the reminders and the contact details go with the loans")
    func purge() throws {
        let fixture = try overdueDesk()
        defer { fixture.close() }
        let desk = fixture.desk
        try desk.queueReminders()
        try desk.lettersPrinted(try desk.letters().map(\.notice.id))  // the letter went; the e-mail waits
        for tag in ["LPT-1", "LPT-2", "LPT-3"] { _ = try desk.returnDevice(tag) }
        #expect(try desk.notices().map(\.channel) == [.letter], "the e-mail not sent is dropped at the return")
        fixture.advance(days: 29)
        let report = try desk.purgeHistory()
        #expect(report.loans == 3 && report.notices == 1 && report.borrowers == 2, "\(report)")
        #expect(try desk.borrower(mail) == nil && desk.borrower(post) == nil && desk.notices().isEmpty)
    }
}
