import Foundation
import LoketLending
import LoketStore
import Testing

@Suite struct LendingDeskTests {
    let alice = DeskFixture.card(1)
    let bob = DeskFixture.card(2)

    @Test("a device goes out, comes back, waits for a wipe, is wiped with evidence, goes out again")
    func round() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        let desk = fixture.desk
        let added = try desk.addDevice(tag: " lpt-0042\n", kind: .laptop, model: "Lenovo T14")
        #expect(added.assetTag == "LPT-0042" && added.state == .available && added.homeBranch == "centrum")
        let loan = try desk.checkout("LPT-0042", borrower: alice)
        #expect(loan.dueAt - loan.outAt == 21 * 86_400_000 && loan.branch == "centrum" && loan.desk == "desk-0")
        #expect(try desk.device("LPT-0042").state == .lent)
        #expect(
            throws: LendingError(
                .notAvailable, "LPT-0042 cannot be lent: it is lent; return it first (`loket lend return LPT-0042`)")
        ) {
            try desk.checkout("LPT-0042", borrower: bob)
        }
        fixture.advance(days: 3)
        let back = try desk.returnDevice("LPT-0042", condition: "scratch on the lid")
        #expect(back.map(\.id) == [loan.id] && back[0].returnedAt != nil && back[0].condition == "scratch on the lid")
        #expect(try desk.device("LPT-0042").state == .returnedNeedsWipe)
        #expect(throws: LendingError.self) { try desk.checkout("LPT-0042", borrower: bob) }
        #expect(try desk.startWipe("LPT-0042").state == .wiping)
        let evidence = try desk.wiped("LPT-0042", method: "reimage", operator: "JdV")
        #expect(evidence.method == "reimage" && evidence.operator == "JdV" && evidence.branch == "centrum")
        #expect(try desk.wipes("LPT-0042") == [evidence])
        let wiped = try desk.device("LPT-0042")
        #expect(wiped.state == .available && wiped.lastWipe == evidence.at)
        _ = try desk.checkout("LPT-0042", borrower: bob)
        #expect(try desk.history(device: "lpt-0042").map(\.borrower) == [bob, alice])
        #expect(try desk.history(borrower: alice).map(\.id) == [loan.id])
    }

    @Test("refusals name the reason: unknown device, over the limit, not lent, bad input")
    func refusals() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        let desk = fixture.desk
        try desk.addDevice(tag: "LPT-1", kind: .laptop, model: "A")
        try desk.addDevice(tag: "TAB-1", kind: .tablet, model: "B")
        #expect(throws: LendingError.self) { try desk.addDevice(tag: "lpt-1", kind: .tablet, model: "C") }
        #expect(throws: LendingError.self) { try desk.checkout("NOPE-9", borrower: alice) }
        _ = try desk.checkout("LPT-1", borrower: alice)
        do {
            _ = try desk.checkout("TAB-1", borrower: alice)
            Issue.record("a second device for one borrower was lent")
        } catch let error as LendingError {
            #expect(error.kind == .overLimit && error.message.contains("at most 1"), "\(error)")
        }
        do {
            _ = try desk.returnDevice("TAB-1")
            Issue.record("a device that is not lent was returned")
        } catch let error as LendingError {
            #expect(error.kind == .notLent, "\(error)")
        }
        for bad in ["", "LPT 1", String(repeating: "A", count: 33), "LPT/1"] {
            #expect(throws: LendingError.self) { try desk.addDevice(tag: bad, kind: .laptop, model: "x") }
        }
        // A raw card number is refused, and the message does not repeat it.
        do {
            _ = try desk.checkout("TAB-1", borrower: "04A1B2C3D4E5F6")
            Issue.record("a raw card number was taken as a borrower")
        } catch let error as LendingError {
            #expect(error.kind == .invalidInput && !error.message.contains("04A1B2C3D4E5F6"), "\(error)")
        }
        #expect(throws: LendingError.self) { try DeviceKind.parse("toaster") }
        #expect(throws: LendingError.self) { try desk.wiped("LPT-1", method: "reimage", operator: "JdV") }
        #expect(throws: LendingError.self) { try desk.retire("LPT-1", note: "old") }
        #expect(try desk.markBroken("TAB-1", note: "screen cracked").state == .broken)
        #expect(try desk.devices(state: .broken).map(\.assetTag) == ["TAB-1"])
        #expect(try desk.retire("TAB-1", note: "beyond repair").state == .retired)
    }

    @Test("renewals: from the due date, at most twice, and not while someone waits")
    func renewals() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        let desk = fixture.desk
        try desk.addDevice(tag: "LPT-1", kind: .laptop, model: "A")
        let loan = try desk.checkout("LPT-1", borrower: alice)
        let first = try desk.renew("LPT-1")
        #expect(first.dueAt == loan.dueAt + 21 * 86_400_000 && first.renewals == 1)
        fixture.advance(days: 60)  // overdue: the next period counts from today
        let second = try desk.renew("LPT-1")
        #expect(second.dueAt == fixture.clock.nowMilliseconds().asInt64 + 21 * 86_400_000 && second.renewals == 2)
        do {
            _ = try desk.renew("LPT-1")
            Issue.record("a third renewal passed")
        } catch let error as LendingError { #expect(error.kind == .renewalRefused, "\(error)") }

        try desk.addDevice(tag: "LPT-2", kind: .laptop, model: "A")
        _ = try desk.checkout("LPT-2", borrower: bob)
        _ = try desk.reserve(kind: .laptop, borrower: DeskFixture.card(3))
        do {
            _ = try desk.renew("LPT-2")
            Issue.record("a renewal passed while someone waits and no laptop is free")
        } catch let error as LendingError {
            #expect(error.kind == .renewalRefused && error.message.contains("wait"), "\(error)")
        }
    }

    @Test("the waiting list: a wiped device is held for the first in line, who alone may take it; a hold runs out")
    func reservations() throws {
        let fixture = try DeskFixture()
        defer { fixture.close() }
        let desk = fixture.desk
        let carol = DeskFixture.card(3)
        try desk.addDevice(tag: "LPT-1", kind: .laptop, model: "A")
        _ = try desk.checkout("LPT-1", borrower: alice)
        let first = try desk.reserve(kind: .laptop, borrower: bob)
        fixture.advance(days: 0.001)
        let second = try desk.reserve(kind: .laptop, borrower: carol)
        #expect(first.state == .waiting && first.position == 1 && second.position == 2)
        #expect(throws: LendingError.self) { try desk.reserve(kind: .laptop, borrower: bob) }
        _ = try desk.returnDevice("LPT-1")
        _ = try desk.wiped("LPT-1", method: "reimage", operator: "JdV")
        let held = try desk.device("LPT-1")
        #expect(held.heldFor == first.id && held.state == .available)
        do {
            _ = try desk.checkout("LPT-1", borrower: carol)
            Issue.record("a device held for bob went to carol")
        } catch let error as LendingError {
            #expect(error.kind == .notAvailable && error.message.contains("held for a reservation"), "\(error)")
        }
        #expect(try desk.reservations().map(\.state) == [.ready, .waiting])
        // Bob does not come within the three days: the device passes to carol.
        fixture.advance(days: 3.5)
        let now = try desk.reservations()
        #expect(now.map(\.id) == [second.id] && now[0].state == .ready && now[0].device == "LPT-1")
        _ = try desk.checkout("LPT-1", borrower: carol)
        #expect(try desk.reservations().isEmpty, "carol's reservation is fulfilled")
        #expect(try desk.device("LPT-1").heldFor == nil)
        // A device added while someone waits is held for them at once.
        let dave = try desk.reserve(kind: .tablet, borrower: DeskFixture.card(4))
        #expect(dave.state == .waiting)
        try desk.addDevice(tag: "TAB-9", kind: .tablet, model: "iPad")
        #expect(try desk.device("TAB-9").heldFor == dave.id)
    }

    @Test("the overdue list: loans past due, most overdue first")
    func overdue() throws {
        let fixture = try DeskFixture(rules: LendingRules(loanDays: 7, maximumLoansPerBorrower: 3))
        defer { fixture.close() }
        let desk = fixture.desk
        for index in 1...3 { try desk.addDevice(tag: "TAB-\(index)", kind: .tablet, model: "iPad") }
        let early = try desk.checkout("TAB-1", borrower: alice)
        fixture.advance(days: 2)
        let later = try desk.checkout("TAB-2", borrower: alice)
        fixture.advance(days: 1)
        _ = try desk.checkout("TAB-3", borrower: bob)
        _ = try desk.returnDevice("TAB-3")
        #expect(try desk.overdue().isEmpty)
        fixture.advance(days: 6.5)  // day 9.5: TAB-1 (due day 7) and TAB-2 (due day 9) are late
        #expect(try desk.overdue().map(\.id) == [early.id, later.id])
    }
}

extension UInt64 {
    var asInt64: Int64 { Int64(clamping: self) }
}
