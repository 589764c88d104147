import Foundation
import GRDB
import LoketLending
import LoketStore
import LoketSync
import Testing

/// Random checkouts, returns and wipes on three desks that are mostly apart, merged now and
/// then and at the end: every loan and return made is on every desk, the desks agree on
/// the conflicts, and every double loan is exactly one conflict.
@Suite struct ConflictPropertyTests {
    @Test("three desks apart, merged: nothing lost, every double loan exactly one conflict", arguments: 0..<12)
    func threeDesks(seed: UInt64) throws {
        var random = SeededGenerator(seed: 0x10c4_7000 + seed)
        let fixture = try DeskFixture(
            branches: ["centrum", "centrum", "noord"], rules: LendingRules(maximumLoansPerBorrower: 2))
        defer { fixture.close() }
        let tags = (1...5).map { "LPT-\($0)" }
        for tag in tags { try fixture.desks[0].addDevice(tag: tag, kind: .laptop, model: "T14") }
        try fixture.sync()
        var made: Set<String> = []
        var returnsMade = 0
        for _ in 0..<70 {
            let index = Int.random(in: 0..<3, using: &random)
            let desk = fixture.desks[index]
            fixture.clock.advance(by: .random(in: 1...3_600_000, using: &random))
            let tag = tags.randomElement(using: &random)!
            do {
                switch Int.random(in: 0..<10, using: &random) {
                case 0...3:
                    made.insert(
                        try desk.checkout(tag, borrower: DeskFixture.card(.random(in: 1...6, using: &random))).id)
                case 4...6:
                    returnsMade += try desk.returnDevice(tag).count
                case 7, 8:
                    _ = try desk.wiped(tag, method: "reimage", operator: "test")
                default:
                    try fixture.sync()
                }
            } catch is LendingError {
                // refused, with a reason: what the desk would have said to staff
            }
        }
        try fixture.sync()

        let reference = try fixture.desks[0].conflicts()
        for desk in fixture.desks {
            let loans = try tags.flatMap { try desk.history(device: $0) }
            #expect(Set(loans.map(\.id)) == made, "seed \(seed): every loan made is on \(desk.desk)")
            let returns = try desk.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM loan_returns") }
            #expect(returns == returnsMade, "seed \(seed): every return made is on \(desk.desk)")
            #expect(try desk.conflicts() == reference, "seed \(seed): \(desk.desk) sees the same conflicts")
        }

        // The oracle: loans of one device whose times overlap, joined into groups by hand.
        let loans = try tags.flatMap { try fixture.desks[0].history(device: $0) }
        func overlap(_ x: Loan, _ y: Loan) -> Bool {
            x.device == y.device && x.id != y.id && x.outAt < (y.returnedAt ?? .max) && y.outAt < (x.returnedAt ?? .max)
        }
        var group = Dictionary(uniqueKeysWithValues: loans.map { ($0.id, $0.id) })
        func root(_ id: String) -> String {
            var id = id
            while group[id]! != id { id = group[id]! }
            return id
        }
        for x in loans { for y in loans where overlap(x, y) { group[root(x.id)] = root(y.id) } }
        let expected = Set(
            Dictionary(grouping: loans.map(\.id), by: root).values.filter { $0.count > 1 }.map { Set($0) })
        let doubleLoans = reference.filter { $0.kind == .doubleLoan }
        #expect(
            Set(doubleLoans.map { Set($0.loans) }) == expected, "seed \(seed): double loans are the overlapping groups")
        #expect(doubleLoans.count == expected.count, "seed \(seed): each exactly once")
        for x in loans {
            for y in loans where overlap(x, y) {
                #expect(doubleLoans.filter { $0.loans.contains(x.id) && $0.loans.contains(y.id) }.count == 1)
            }
        }
        // Double returns: every loan with more than one return, once.
        let returnsPerLoan = try fixture.desks[0].replica.read {
            try Row.fetchAll($0, sql: "SELECT loan, count(*) AS n FROM loan_returns GROUP BY loan HAVING n > 1")
                .map { $0["loan"] as String }
        }
        #expect(
            Set(reference.filter { $0.kind == .doubleReturn }.flatMap(\.loans)) == Set(returnsPerLoan),
            "seed \(seed)")
        #expect(reference.filter { $0.kind == .doubleReturn }.count == returnsPerLoan.count)
    }
}
