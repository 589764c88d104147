import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Counts a loan in the anonymous statistics of this branch's week.
    func countLoan(kind: DeviceKind, at time: Int64, in tx: inout WriteTransaction) throws {
        try count(kind: kind, at: time, ["loans": 1], in: &tx)
    }

    /// Counts a return (late or not) in the anonymous statistics of this branch's week.
    func countReturn(kind: DeviceKind, late: Bool, at time: Int64, in tx: inout WriteTransaction) throws {
        try count(kind: kind, at: time, late ? ["returned": 1, "returned_late": 1] : ["returned": 1], in: &tx)
    }

    func count(kind: DeviceKind, at time: Int64, _ increment: [String: Int64], in tx: inout WriteTransaction) throws {
        let week = LendingStatistics.week(of: time)
        try tx.put(
            "lending_stats", id: "\(branch)/\(week)/\(kind.rawValue)", scope: "branch:\(branch)",
            RecordUpdate(
                set: ["branch": .string(branch), "week": .string(week), "kind": .string(kind.rawValue)],
                increment: increment))
    }

    /// The anonymous statistics this replica holds, by week, branch and kind.
    public func statistics() throws -> [LendingStatistics] {
        try replica.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT branch, week, kind, loans, returned, returned_late FROM lending_stats ORDER BY week, branch, kind"
            ).map {
                LendingStatistics(
                    branch: $0["branch"] ?? "", week: $0["week"] ?? "",
                    kind: DeviceKind(rawValue: $0["kind"] ?? "") ?? .other, loans: $0["loans"] ?? 0,
                    returned: $0["returned"] ?? 0, returnedLate: $0["returned_late"] ?? 0)
            }
        }
    }

    /// Deletes loan history older than the retention period: loans returned longer ago
    /// than `rules.retentionDays`, their returns and reminders, reservations closed that
    /// long ago, borrowers' contact details once none of their loans is left (and they
    /// opted in longer ago than that), and resolutions of conflicts whose loans are gone. Deletes sync, so every replica loses
    /// the same history; the anonymous statistics stay. Runs in transactions of `batch`
    /// records, so a desk keeps working during a large purge.
    @discardableResult
    public func purgeHistory(batch: Int = 500) throws -> LendingPurge {
        let cutoff = now - Int64(rules.retentionDays) * LendingRules.day
        var report = LendingPurge()
        report.loans = try deleteAll(
            "loans", sql: "SELECT id FROM loans WHERE returned_at IS NOT NULL AND returned_at < ?", [cutoff], batch)
        report.returns = try deleteAll(
            "loan_returns", sql: "SELECT id FROM loan_returns WHERE loan NOT IN (SELECT id FROM loans)", [], batch)
        report.reservations = try deleteAll(
            "reservations",
            sql: "SELECT id FROM reservations WHERE state IN ('fulfilled', 'cancelled') AND closed_at < ?", [cutoff],
            batch)
        report.notices = try deleteAll(
            "notices", sql: "SELECT id FROM notices WHERE loan NOT IN (SELECT id FROM loans)", [], batch)
        report.borrowers = try deleteAll(
            "borrowers",
            sql: """
                SELECT id FROM borrowers
                WHERE opted_in_at < ? AND substr(id, instr(id, '/') + 1) NOT IN (SELECT borrower FROM loans)
                """, [cutoff],
            batch)
        let standing = Set(try conflicts(includeResolved: true).map(\.id))
        let old = try replica.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM lending_resolutions WHERE resolved_at < ?", arguments: [cutoff])
        }
        report.resolutions = try delete("lending_resolutions", old.filter { !standing.contains($0) }, batch)
        if report.total > 0 {
            let now = self.now
            try replica.write { tx in
                try audit(
                    "purge", "history",
                    detail:
                        "\(report.loans) loans, \(report.returns) returns, \(report.reservations) reservations, \(report.notices) reminders, \(report.borrowers) contacts, \(report.resolutions) resolutions",
                    at: now, in: &tx)
            }
            logger.info(
                "loan history purged",
                metadata: [
                    "loans": "\(report.loans)", "returns": "\(report.returns)",
                    "reservations": "\(report.reservations)", "resolutions": "\(report.resolutions)",
                    "notices": "\(report.notices)", "borrowers": "\(report.borrowers)",
                ])
        }
        return report
    }

    func deleteAll(_ collection: String, sql: String, _ arguments: [any DatabaseValueConvertible], _ batch: Int) throws
        -> Int
    {
        let ids = try replica.read { try String.fetchAll($0, sql: sql, arguments: StatementArguments(arguments)) }
        return try delete(collection, ids, batch)
    }

    func delete(_ collection: String, _ ids: [String], _ batch: Int) throws -> Int {
        var start = 0
        while start < ids.count {
            let chunk = ids[start..<min(ids.count, start + max(1, batch))]
            try replica.write { tx in for id in chunk { try tx.delete(collection, id: id) } }
            start += chunk.count
        }
        return ids.count
    }
}
