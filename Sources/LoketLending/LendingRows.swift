import GRDB

/// Reading the lending collections' tables.
enum LendingRows {
    static let deviceColumns = "id, kind, model, home_branch, state, state_note, last_wipe, held_for"

    static func device(_ row: Row) -> LendingDevice {
        LendingDevice(
            assetTag: row["id"], kind: DeviceKind(rawValue: row["kind"] ?? "") ?? .other, model: row["model"] ?? "",
            homeBranch: row["home_branch"] ?? "", state: DeviceState(rawValue: row["state"] ?? "") ?? .broken,
            stateNote: row["state_note"], lastWipe: row["last_wipe"], heldFor: row["held_for"])
    }

    static let loanColumns =
        "id, device, borrower, branch, desk, out_at, due_at, returned_at, returned_branch, condition, renewals, notes"

    static func loan(_ row: Row) -> Loan {
        Loan(
            id: row["id"], device: row["device"] ?? "", borrower: row["borrower"] ?? "", branch: row["branch"] ?? "",
            desk: row["desk"] ?? "", outAt: row["out_at"] ?? 0, dueAt: row["due_at"] ?? 0,
            returnedAt: row["returned_at"],
            returnedBranch: row["returned_branch"], condition: row["condition"], renewals: row["renewals"] ?? 0,
            notes: row["notes"])
    }

    static let reservationColumns = "id, borrower, kind, branch, created_at, state, device, ready_until"

    static func reservation(_ row: Row) -> Reservation {
        Reservation(
            id: row["id"], borrower: row["borrower"] ?? "", kind: DeviceKind(rawValue: row["kind"] ?? "") ?? .other,
            branch: row["branch"] ?? "", createdAt: row["created_at"] ?? 0,
            state: Reservation.State(rawValue: row["state"] ?? "") ?? .cancelled, device: row["device"],
            readyUntil: row["ready_until"])
    }

    static func fetchDevice(_ db: Database, _ tag: String) throws -> LendingDevice? {
        try Row.fetchOne(db, sql: "SELECT \(deviceColumns) FROM devices WHERE id = ?", arguments: [tag]).map(device)
    }

    /// The loans of `device` that are still out, oldest first.
    static func openLoans(_ db: Database, device: String) throws -> [Loan] {
        try Row.fetchAll(
            db, sql: "SELECT \(loanColumns) FROM loans WHERE device = ? AND returned_at IS NULL ORDER BY out_at, id",
            arguments: [device]
        ).map(loan)
    }

    /// The loans a double-loan resolution put aside (they no longer count as out).
    static func supersededLoans(_ db: Database) throws -> Set<String> {
        var out: Set<String> = []
        for text in try String.fetchAll(
            db, sql: "SELECT superseded FROM lending_resolutions WHERE superseded IS NOT NULL AND superseded != ''")
        {
            out.formUnion(text.split(separator: ",").map(String.init))
        }
        return out
    }
}
