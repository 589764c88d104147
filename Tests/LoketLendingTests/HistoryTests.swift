import Foundation
import GRDB
import LoketLending
import LoketStore
import Testing

/// Loan history is kept for the retention period after the return, then purged on every
/// replica; the anonymous statistics stay.
@Suite struct HistoryTests {
    @Test("statistics per week and kind count loans, returns and late returns, with no borrower in them")
    func statistics() throws {
        let fixture = try DeskFixture(rules: LendingRules(loanDays: 7, maximumLoansPerBorrower: 5))
        defer { fixture.close() }
        let desk = fixture.desk
        try desk.addDevice(tag: "LPT-1", kind: .laptop, model: "A")
        try desk.addDevice(tag: "TAB-1", kind: .tablet, model: "B")
        _ = try desk.checkout("LPT-1", borrower: DeskFixture.card(1))
        _ = try desk.checkout("TAB-1", borrower: DeskFixture.card(1))
        fixture.advance(days: 2)
        _ = try desk.returnDevice("TAB-1")
        fixture.advance(days: 8)  // LPT-1 was due on day 7
        _ = try desk.returnDevice("LPT-1")
        let rows = try desk.statistics()
        // Day 0 is Thursday 2026-01-01 (ISO week 1); day 10 is Sunday 11 January (week 2).
        #expect(
            rows == [
                LendingStatistics(
                    branch: "centrum", week: "2026-W01", kind: .laptop, loans: 1, returned: 0, returnedLate: 0),
                LendingStatistics(
                    branch: "centrum", week: "2026-W01", kind: .tablet, loans: 1, returned: 1, returnedLate: 0),
                LendingStatistics(
                    branch: "centrum", week: "2026-W02", kind: .laptop, loans: 0, returned: 1, returnedLate: 1),
            ])
        #expect(rows[2].lateRate == 1 && rows[1].lateRate == 0)
        let csv = LendingStatistics.csv(rows)
        #expect(
            csv.hasPrefix(
                "week,branch,kind,loans,returned,returned_late,late_rate\r\n2026-W01,centrum,laptop,1,0,0,0.000\r\n"))
        #expect(!csv.contains("card-"))
    }

    @Test("history older than the retention period is purged, the purge syncs, statistics and open loans stay")
    func purge() throws {
        let fixture = try DeskFixture(
            branches: ["centrum", "centrum"], rules: LendingRules(maximumLoansPerBorrower: 3, retentionDays: 28))
        defer { fixture.close() }
        let (a, b) = (fixture.desks[0], fixture.desks[1])
        for tag in ["LPT-1", "LPT-2", "LPT-3"] { try a.addDevice(tag: tag, kind: .laptop, model: "A") }
        let old = try a.checkout("LPT-1", borrower: DeskFixture.card(1))
        let stillOut = try a.checkout("LPT-2", borrower: DeskFixture.card(2))
        _ = try a.reserve(kind: .laptop, borrower: DeskFixture.card(3))
        fixture.advance(days: 1)
        _ = try a.returnDevice("LPT-1")
        let cancelled = try a.reservations()
        _ = try a.cancelReservation(cancelled[0].id)
        fixture.advance(days: 20)
        let recent = try a.checkout("LPT-3", borrower: DeskFixture.card(1))
        fixture.advance(days: 1)
        _ = try a.returnDevice("LPT-3")
        try fixture.sync()
        fixture.advance(days: 10)  // day 32: LPT-1's return (day 1) is past 28 days; LPT-3's (day 22) is not
        let report = try a.purgeHistory(batch: 1)
        #expect(report.loans == 1 && report.returns == 1 && report.reservations == 1, "\(report)")
        try fixture.sync()
        for desk in [a, b] {
            let loans = try ["LPT-1", "LPT-2", "LPT-3"].flatMap { try desk.history(device: $0) }.map(\.id)
            #expect(Set(loans) == [stillOut.id, recent.id], "\(desk.desk): \(loans)")
            #expect(!loans.contains(old.id))
            let returns = try desk.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM loan_returns") }
            #expect(returns == 1)
            #expect(try desk.statistics().reduce(0) { $0 + $1.loans } == 3, "statistics stay")
        }
        #expect(try a.purgeHistory().total == 0, "a second purge finds nothing")
    }
}
