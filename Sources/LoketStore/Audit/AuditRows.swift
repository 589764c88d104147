import GRDB
import LoketSync

/// Reads `audit` records from a replica's table.
enum AuditRows {
    static let columns = "id, chain, seq, at, actor, action, target, place, detail, prev, hash"

    /// The last entry of `chain` (highest sequence), if any.
    static func last(chain: String, in db: Database) throws -> AuditEntry? {
        let row = try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM audit WHERE chain = ? ORDER BY seq DESC LIMIT 1", arguments: [chain])
        return try row.map { try entry($0).get() }
    }

    /// Every record of the collection, in id order.
    static func all(in db: Database) throws -> [(id: String, entry: Result<AuditEntry, AuditReadError>)] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM audit ORDER BY id").map { row in
            (id: (row["id"] as DatabaseValue).storage.value as? String ?? "", entry: entry(row))
        }
    }

    static func entry(_ row: Row) -> Result<AuditEntry, AuditReadError> {
        // Read by storage class: a column holding the wrong kind (written by hand into the
        // file) is reported as such, never trapped on.
        var fields: [String: FieldValue] = [:]
        for name in ["chain", "seq", "at", "actor", "action", "target", "place", "detail", "prev", "hash"] {
            switch (row[name] as DatabaseValue).storage {
            case .string(let text): fields[name] = .string(text)
            case .int64(let number): fields[name] = .int(number)
            default: break
            }
        }
        let id: String? =
            if case .string(let text) = (row["id"] as DatabaseValue).storage { text } else { nil }
        do { return .success(try AuditEntry(fields: fields)) } catch {
            var error = error
            error.record = id
            return .failure(error)
        }
    }
}
