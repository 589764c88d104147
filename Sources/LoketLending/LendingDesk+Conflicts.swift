import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// The lending conflicts in the replica: open ones, and settled ones too when asked.
    ///
    /// SQLite narrows the records down first — devices with a loan that starts before (or
    /// when) an earlier one of the same device ended, loans with more than one return,
    /// returns at another branch — and ``ConflictFinder`` groups what is left exactly. The
    /// first is a window in the covering index's order, with no sort: ordered by `out_at`
    /// alone, loans that start together may come in any order, which `<=` and an end of at
    /// least the start (a return stamped before the loan, by a desk whose clock is behind)
    /// make safe — every device with a group is among the candidates.
    public func conflicts(includeResolved: Bool = false) throws -> [LendingConflict] {
        let found = try replica.read { db in
            let devices = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT device FROM (
                        SELECT device, out_at, max(max(ifnull(returned_at, 9223372036854775807), out_at)) OVER (
                            PARTITION BY device ORDER BY out_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                        ) AS earlier_end
                        FROM loans INDEXED BY "loans_by_device_out_at_returned_at"
                    ) WHERE out_at <= earlier_end
                    """)
            let returnColumns = "id, loan, device, branch"
            let returnRows =
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(returnColumns) FROM loan_returns WHERE loan IN (
                            SELECT loan FROM loan_returns GROUP BY loan HAVING count(*) > 1)
                        """)
                + Row.fetchAll(db, sql: "SELECT \(returnColumns) FROM loan_returns WHERE elsewhere = 1")
            var returns: [String: ConflictFinder.ReturnFact] = [:]
            for row in returnRows {
                returns[row["id"]] = ConflictFinder.ReturnFact(
                    id: row["id"], loan: row["loan"] ?? "", device: row["device"] ?? "", branch: row["branch"] ?? "")
            }
            var loans: [String: ConflictFinder.LoanFact] = [:]
            func add(_ rows: [Row]) {
                for row in rows {
                    loans[row["id"]] = ConflictFinder.LoanFact(
                        id: row["id"], device: row["device"] ?? "", branch: row["branch"] ?? "",
                        outAt: row["out_at"] ?? 0, returnedAt: row["returned_at"])
                }
            }
            let loanColumns = "id, device, branch, out_at, returned_at"
            for device in devices {
                add(try Row.fetchAll(db, sql: "SELECT \(loanColumns) FROM loans WHERE device = ?", arguments: [device]))
            }
            for loan in Set(returns.values.map(\.loan)) where loans[loan] == nil {
                add(try Row.fetchAll(db, sql: "SELECT \(loanColumns) FROM loans WHERE id = ?", arguments: [loan]))
            }
            return ConflictFinder().conflicts(
                loans: Array(loans.values), returns: Array(returns.values), resolutions: try Self.resolutions(db))
        }
        return includeResolved ? found : found.filter(\.isOpen)
    }

    /// The open conflicts of one device (its own loans and returns only: quick).
    public func conflicts(device text: String) throws -> [LendingConflict] {
        let tag = try AssetTag.normalize(text)
        return try replica.read { db in
            let loans = try Row.fetchAll(
                db, sql: "SELECT id, device, branch, out_at, returned_at FROM loans WHERE device = ?", arguments: [tag]
            ).map {
                ConflictFinder.LoanFact(
                    id: $0["id"], device: $0["device"] ?? "", branch: $0["branch"] ?? "", outAt: $0["out_at"] ?? 0,
                    returnedAt: $0["returned_at"])
            }
            let returns = try Row.fetchAll(
                db,
                sql:
                    "SELECT id, loan, device, branch FROM loan_returns WHERE loan IN (SELECT id FROM loans WHERE device = ?)",
                arguments: [tag]
            ).map {
                ConflictFinder.ReturnFact(
                    id: $0["id"], loan: $0["loan"] ?? "", device: $0["device"] ?? "", branch: $0["branch"] ?? "")
            }
            return ConflictFinder().conflicts(loans: loans, returns: returns, resolutions: try Self.resolutions(db))
                .filter(\.isOpen)
        }
    }

    static func resolutions(_ db: Database) throws -> [String: LendingConflict.Resolution] {
        var resolutions: [String: LendingConflict.Resolution] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, kept_loan, note, resolved_at, desk FROM lending_resolutions") {
            resolutions[row["id"]] = LendingConflict.Resolution(
                keptLoan: row["kept_loan"], note: row["note"] ?? "", resolvedAt: row["resolved_at"] ?? 0,
                desk: row["desk"] ?? "")
        }
        return resolutions
    }

    /// Settles a conflict; the resolution is a synced record under the conflict's id.
    ///
    /// - Parameters:
    ///   - keep: for a double loan, the loan that stands (the others no longer count as
    ///     out: not in the overdue list, not against the borrower's limit); nil lets all
    ///     stand. Must be nil for the other kinds.
    ///   - note: what staff found out (required: the next person reads it).
    @discardableResult
    public func resolve(_ id: String, keep: String? = nil, note: String) throws -> LendingConflict {
        guard let note = try Self.note(note, field: "note") else {
            throw LendingError(.invalidInput, "say in a note what was found out (who has the device, what was done)")
        }
        guard var conflict = try conflicts(includeResolved: true).first(where: { $0.id == id }) else {
            throw LendingError(.notFound, "no conflict \(id): see `loket lend conflicts`")
        }
        if let keep {
            guard conflict.kind == .doubleLoan else {
                throw LendingError(
                    .invalidInput, "--keep is for double loans; a \(conflict.kind.rawValue) is settled with a note")
            }
            guard conflict.loans.contains(keep) else {
                throw LendingError(
                    .invalidInput,
                    "loan \(keep) is not in conflict \(id); its loans are \(conflict.loans.joined(separator: ", "))")
            }
        }
        let superseded = keep.map { kept in conflict.loans.filter { $0 != kept } } ?? []
        let now = self.now
        try replica.write { tx in
            guard let device = try tx.read({ try LendingRows.fetchDevice($0, conflict.device) }) else {
                throw LendingError(.notFound, "no device \(conflict.device) for conflict \(id)")
            }
            try tx.put(
                "lending_resolutions", id: id, scope: Self.scope(of: device),
                RecordUpdate(set: [
                    "kind": .string(conflict.kind.rawValue), "device": .string(conflict.device),
                    "kept_loan": keep.map(FieldValue.string) ?? .null,
                    "superseded": .string(superseded.joined(separator: ",")),
                    "note": .string(note), "resolved_at": .int(now), "desk": .string(desk),
                ]))
            try audit(
                "resolve", "conflict:\(id)", detail: keep.map { "kept loan \($0)" } ?? "all loans stand", at: now,
                in: &tx)
        }
        conflict.resolution = LendingConflict.Resolution(keptLoan: keep, note: note, resolvedAt: now, desk: desk)
        return conflict
    }
}
