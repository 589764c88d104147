import Foundation
import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Lends a device to a borrower for the branch's loan period.
    ///
    /// - Throws: ``LendingError`` `.notFound` (no such device), `.notAvailable` (lent,
    ///   waiting for a wipe, broken, retired, or held for someone's reservation),
    ///   `.overLimit` (the borrower has as many devices out at this branch as allowed).
    @discardableResult
    public func checkout(_ text: String, borrower: String) throws -> Loan {
        let tag = try AssetTag.normalize(text)
        let borrower = try BorrowerToken.validate(borrower)
        let now = self.now
        return try replica.write { tx in
            try expireHolds(now: now, in: &tx)
            guard let device = try tx.read({ try LendingRows.fetchDevice($0, tag) }) else {
                throw LendingError(
                    .notFound, "no device \(tag): check the label, or add it with `loket lend devices add`")
            }
            guard device.state == .available else {
                throw LendingError(
                    .notAvailable,
                    "\(tag) cannot be lent: it is \(device.state.rawValue); \(Self.hint(for: device.state, tag: tag))")
            }
            var fulfils: String?
            if let held = device.heldFor {
                let reservation = try tx.read {
                    try Row.fetchOne(
                        $0, sql: "SELECT \(LendingRows.reservationColumns) FROM reservations WHERE id = ?",
                        arguments: [held]
                    ).map(LendingRows.reservation)
                }
                if let reservation, reservation.state == .ready, reservation.borrower != borrower {
                    throw LendingError(
                        .notAvailable,
                        "\(tag) is held for a reservation until \(LendingDates.day(reservation.readyUntil ?? now)); lend another \(device.kind.rawValue)"
                    )
                }
                fulfils = reservation?.borrower == borrower ? held : nil
            }
            let out = try tx.read { db in
                let superseded = try LendingRows.supersededLoans(db)
                return try String.fetchAll(
                    db, sql: "SELECT id FROM loans WHERE borrower = ? AND branch = ? AND returned_at IS NULL",
                    arguments: [borrower, branch]
                ).filter { !superseded.contains($0) }.count
            }
            guard out < rules.maximumLoansPerBorrower else {
                throw LendingError(
                    .overLimit,
                    "the borrower has \(out) device\(out == 1 ? "" : "s") out at this branch (at most \(rules.maximumLoansPerBorrower)); one must come back first"
                )
            }
            let loan = Loan(
                id: newID(), device: tag, borrower: borrower, branch: branch, desk: desk, outAt: now,
                dueAt: now + Int64(rules.loanDays) * LendingRules.day)
            try tx.put(
                "loans", id: loan.id, scope: Self.scope(of: device),
                RecordUpdate(set: [
                    "device": .string(tag), "borrower": .string(borrower), "branch": .string(branch),
                    "desk": .string(desk), "out_at": .int(loan.outAt), "due_at": .int(loan.dueAt),
                    "returned_at": .null,
                ]))
            try tx.put(
                "devices", id: tag,
                RecordUpdate(set: [
                    "state": .string(DeviceState.lent.rawValue), "held_for": .null, "updated_at": .int(now),
                ]))
            try countLoan(kind: device.kind, at: now, in: &tx)
            if let fulfils {
                try tx.put(
                    "reservations", id: fulfils,
                    RecordUpdate(set: ["state": .string(Reservation.State.fulfilled.rawValue), "closed_at": .int(now)]))
            }
            try audit("checkout", "device:\(tag)", detail: "loan \(loan.id)", at: now, in: &tx)
            return loan
        }
    }

    /// Takes a device back: every loan of it still out is returned (one return record
    /// each), and the device waits for a wipe.
    ///
    /// - Parameter condition: what staff noticed (a scratch, a missing charger), if anything.
    /// - Throws: ``LendingError`` `.notLent` when this replica knows no loan of it that is out.
    @discardableResult
    public func returnDevice(_ text: String, condition: String? = nil) throws -> [Loan] {
        let tag = try AssetTag.normalize(text)
        let condition = try Self.note(condition, field: "condition")
        let now = self.now
        return try replica.write { tx in
            guard let device = try tx.read({ try LendingRows.fetchDevice($0, tag) }) else {
                throw LendingError(.notFound, "no device \(tag): check the label")
            }
            var open = try tx.read { try LendingRows.openLoans($0, device: tag) }
            guard !open.isEmpty else {
                throw LendingError(
                    .notLent,
                    "\(tag) has no loan out on this desk's records; if another desk lent it and has not synced yet, sync and try again"
                )
            }
            for index in open.indices {
                try tx.put(
                    "loan_returns", id: newID(), scope: Self.scope(of: device),
                    RecordUpdate(set: [
                        "loan": .string(open[index].id), "device": .string(tag), "branch": .string(branch),
                        "desk": .string(desk), "at": .int(now), "condition": condition.map(FieldValue.string) ?? .null,
                        "elsewhere": .bool(open[index].branch != branch),
                    ]))
                try tx.put(
                    "loans", id: open[index].id,
                    RecordUpdate(set: [
                        "returned_at": .int(now), "returned_branch": .string(branch),
                        "condition": condition.map(FieldValue.string) ?? .null,
                    ]))
                try countReturn(kind: device.kind, late: now > open[index].dueAt, at: now, in: &tx)
                // A reminder not sent yet is not sent now that the device is back.
                let queued = try tx.read {
                    try String.fetchAll(
                        $0, sql: "SELECT id FROM notices WHERE loan = ? AND state = 'queued'",
                        arguments: [open[index].id])
                }
                for notice in queued { try tx.delete("notices", id: notice) }
                open[index].returnedAt = now
                open[index].returnedBranch = branch
                open[index].condition = condition
            }
            try tx.put(
                "devices", id: tag,
                RecordUpdate(set: ["state": .string(DeviceState.returnedNeedsWipe.rawValue), "updated_at": .int(now)]))
            try audit(
                "return", "device:\(tag)", detail: open.map { "loan \($0.id)" }.joined(separator: ", "), at: now,
                in: &tx)
            return open
        }
    }

    /// Gives the borrower another loan period, from the due date (or today, when overdue).
    ///
    /// - Throws: ``LendingError`` `.notLent`, `.renewalRefused` (renewed as often as
    ///   allowed, or someone waits for this kind of device and none is free), or
    ///   `.notAvailable` when the device has two loans out (a conflict to settle first).
    @discardableResult
    public func renew(_ text: String) throws -> Loan {
        let tag = try AssetTag.normalize(text)
        let now = self.now
        return try replica.write { tx in
            let open = try tx.read { db in
                let superseded = try LendingRows.supersededLoans(db)
                return try LendingRows.openLoans(db, device: tag).filter { !superseded.contains($0.id) }
            }
            guard var loan = open.first else { throw LendingError(.notLent, "\(tag) is not lent: nothing to renew") }
            guard open.count == 1 else {
                throw LendingError(
                    .notAvailable,
                    "\(tag) has \(open.count) loans out (a conflict): settle it first (`loket lend conflicts`)")
            }
            guard loan.renewals < rules.maximumRenewals else {
                throw LendingError(
                    .renewalRefused,
                    "this loan was renewed \(loan.renewals) times, the most the branch allows; bring the device back")
            }
            guard let device = try tx.read({ try LendingRows.fetchDevice($0, tag) }) else {
                throw LendingError(.notFound, "no device \(tag)")
            }
            let (waiting, free) = try tx.read { db in
                (
                    try Int.fetchOne(
                        db,
                        sql: "SELECT count(*) FROM reservations WHERE branch = ? AND kind = ? AND state = 'waiting'",
                        arguments: [loan.branch, device.kind.rawValue]) ?? 0,
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT count(*) FROM devices WHERE home_branch = ? AND kind = ? AND state = 'available' AND held_for IS NULL",
                        arguments: [loan.branch, device.kind.rawValue]) ?? 0
                )
            }
            guard waiting <= free else {
                throw LendingError(
                    .renewalRefused,
                    "\(waiting) borrower\(waiting == 1 ? "" : "s") wait for a \(device.kind.rawValue): the device must come back"
                )
            }
            loan.dueAt = max(loan.dueAt, now) + Int64(rules.loanDays) * LendingRules.day
            loan.renewals += 1
            try tx.put(
                "loans", id: loan.id, RecordUpdate(set: ["due_at": .int(loan.dueAt)], increment: ["renewals": 1]))
            try audit("renew", "device:\(tag)", detail: "loan \(loan.id)", at: now, in: &tx)
            return loan
        }
    }

    /// The loans still out past their due date at `at` (default now), most overdue first.
    /// A loan a resolved conflict put aside is not among them.
    public func overdue(at: Int64? = nil) throws -> [Loan] {
        let at = at ?? now
        return try replica.read { db in
            let superseded = try LendingRows.supersededLoans(db)
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT \(LendingRows.loanColumns) FROM loans WHERE returned_at IS NULL AND due_at < ? ORDER BY due_at, id",
                arguments: [at]
            ).map(LendingRows.loan).filter { !superseded.contains($0.id) }
        }
    }

    /// The loans of a device, or of a borrower, newest first (what the retention period left).
    public func history(device text: String? = nil, borrower: String? = nil) throws -> [Loan] {
        let where_: String
        let argument: String
        if let text {
            where_ = "device = ?"
            argument = try AssetTag.normalize(text)
        } else if let borrower {
            where_ = "borrower = ?"
            argument = try BorrowerToken.validate(borrower)
        } else {
            throw LendingError(.invalidInput, "name a device or a borrower")
        }
        return try replica.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(LendingRows.loanColumns) FROM loans WHERE \(where_) ORDER BY out_at DESC, id",
                arguments: [argument]
            ).map(LendingRows.loan)
        }
    }

    /// A staff note: trimmed, at most 500 bytes, nil when empty.
    static func note(_ text: String?, field: String) throws(LendingError) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        guard text.utf8.count <= 500 else { throw LendingError(.invalidInput, "\(field) must be at most 500 bytes") }
        return text
    }
}
