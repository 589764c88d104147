import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// The lending conflicts in the replica: open ones, and settled ones too when asked.
    public func conflicts(includeResolved: Bool = false) throws -> [LendingConflict] {
        let found = try replica.read { db in
            let loans = try Row.fetchAll(db, sql: "SELECT id, device, branch, out_at, returned_at FROM loans").map {
                ConflictFinder.LoanFact(
                    id: $0["id"], device: $0["device"] ?? "", branch: $0["branch"] ?? "", outAt: $0["out_at"] ?? 0,
                    returnedAt: $0["returned_at"])
            }
            let returns = try Row.fetchAll(db, sql: "SELECT id, loan, device, branch FROM loan_returns").map {
                ConflictFinder.ReturnFact(
                    id: $0["id"], loan: $0["loan"] ?? "", device: $0["device"] ?? "", branch: $0["branch"] ?? "")
            }
            var resolutions: [String: LendingConflict.Resolution] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT id, kept_loan, note, resolved_at, desk FROM lending_resolutions")
            {
                resolutions[row["id"]] = LendingConflict.Resolution(
                    keptLoan: row["kept_loan"], note: row["note"] ?? "", resolvedAt: row["resolved_at"] ?? 0,
                    desk: row["desk"] ?? "")
            }
            return ConflictFinder().conflicts(loans: loans, returns: returns, resolutions: resolutions)
        }
        return includeResolved ? found : found.filter(\.isOpen)
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
        }
        conflict.resolution = LendingConflict.Resolution(keptLoan: keep, note: note, resolvedAt: now, desk: desk)
        return conflict
    }
}
