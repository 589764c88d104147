import Foundation
import LoketLending
import LoketStore
import LoketSync
import Testing

/// Two or three desks apart (offline), merged afterwards: nothing is lost, what cannot both
/// be true is shown once, and its resolution syncs.
@Suite struct ConflictTests {
    let alice = DeskFixture.card(1)
    let bob = DeskFixture.card(2)

    @Test(
        "two desks lend one device while apart: both loans kept, one conflict, resolved at one desk and seen at the other"
    )
    func doubleLoan() throws {
        let fixture = try DeskFixture(branches: ["centrum", "centrum"])
        defer { fixture.close() }
        let (a, b) = (fixture.desks[0], fixture.desks[1])
        try a.addDevice(tag: "LPT-7", kind: .laptop, model: "Dell")
        try fixture.sync()
        let first = try a.checkout("LPT-7", borrower: alice)
        fixture.advance(days: 0.01)
        let second = try b.checkout("LPT-7", borrower: bob)
        #expect(try a.conflicts().isEmpty && b.conflicts().isEmpty, "apart, neither desk can know")
        try fixture.sync()
        for desk in fixture.desks {
            let loans = try desk.history(device: "LPT-7")
            #expect(Set(loans.map(\.id)) == [first.id, second.id], "both loans are kept")
            let conflicts = try desk.conflicts()
            #expect(conflicts.count == 1)
            #expect(conflicts.first?.kind == .doubleLoan && conflicts.first?.loans == [first.id, second.id])
            #expect(try desk.device("LPT-7").inConflict)
            #expect(try desk.overdue(at: Int64.max).count == 2)
        }
        let id = try a.conflicts()[0].id
        #expect(throws: LendingError.self) { try a.resolve(id, keep: "no-such-loan", note: "x") }
        #expect(throws: LendingError.self) { try a.resolve(id, keep: first.id, note: "  ") }
        let resolved = try a.resolve(id, keep: second.id, note: "bob has it; alice's loan was a wrong scan")
        #expect(resolved.resolution?.keptLoan == second.id)
        try fixture.sync()
        #expect(try b.conflicts().isEmpty, "the resolution synced")
        let settled = try b.conflicts(includeResolved: true)
        #expect(settled.count == 1 && settled[0].resolution?.note == "bob has it; alice's loan was a wrong scan")
        #expect(try b.overdue(at: Int64.max).map(\.id) == [second.id], "alice's loan no longer counts as out")
        #expect(try !b.device("LPT-7").inConflict)
        // Alice may borrow again: the put-aside loan does not count against her limit.
        try b.addDevice(tag: "LPT-8", kind: .laptop, model: "Dell")
        _ = try b.checkout("LPT-8", borrower: alice)
    }

    @Test("a loan returned at two desks, and a return at another branch: both shown, both settled with a note")
    func doubleReturnAndElsewhere() throws {
        let fixture = try DeskFixture(branches: ["centrum", "noord"])
        defer { fixture.close() }
        let (a, b) = (fixture.desks[0], fixture.desks[1])
        try a.addDevice(tag: "TAB-3", kind: .tablet, model: "iPad")
        let loan = try a.checkout("TAB-3", borrower: alice)
        try fixture.sync()
        fixture.advance(days: 5)
        _ = try a.returnDevice("TAB-3")
        _ = try b.returnDevice("TAB-3", condition: "left in the book drop at noord")
        try fixture.sync()
        let conflicts = try a.conflicts()
        #expect(conflicts.map(\.kind) == [.doubleReturn, .returnedElsewhere], "\(conflicts)")
        #expect(conflicts.allSatisfy { $0.loans == [loan.id] && $0.device == "TAB-3" })
        #expect(conflicts[0].returns.count == 2 && conflicts[1].returns.count == 1)
        #expect(try b.conflicts() == conflicts, "both desks see the same conflicts under the same ids")
        #expect(throws: LendingError.self) { try a.resolve(conflicts[0].id, keep: loan.id, note: "x") }
        for conflict in conflicts { _ = try b.resolve(conflict.id, note: "brought back to centrum by van") }
        try fixture.sync()
        #expect(try a.conflicts().isEmpty)
        #expect(try a.conflicts(includeResolved: true).count == 2)
    }
}
