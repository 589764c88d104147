import Foundation
import GRDB
import LoketSync

/// Makes, evolves and fills one real table per collection from the schema.
///
/// Columns: `id` (primary key), `scope`, then one per field: registers with no declared
/// type (values keep their SQLite type; arrays and objects are JSON text), counters
/// `INTEGER NOT NULL DEFAULT 0`, sets `TEXT NOT NULL DEFAULT '[]'` (a sorted JSON array);
/// and the record's CRDT state in `_crdt` (``RecordState``, binary) with its greatest
/// change time in `_max` — names no field can have (fields start with a letter). The
/// tables are `WITHOUT ROWID`: the id is the key, and a record — its columns and its
/// state — is one row of one B-tree. Deleted records keep their state in
/// `loket_tombstones`.
enum CollectionTables {
    static func quote(_ name: String) -> String { "\"\(name)\"" }

    /// The column holding a record's CRDT state, and the one holding its greatest time.
    static let stateColumn = "\"_crdt\""
    static let maxColumn = "\"_max\""

    static func columnDefinition(_ field: String, _ kind: FieldKind) -> String {
        switch kind {
        case .register: return quote(field)
        case .counter: return "\(quote(field)) INTEGER NOT NULL DEFAULT 0"
        case .set: return "\(quote(field)) TEXT NOT NULL DEFAULT '[]'"
        }
    }

    /// Brings the tables from `old` (nil for a new database) to `new`, which must only add,
    /// and fills new columns from the kept CRDT state.
    static func evolve(_ db: Database, from old: Schema?, to new: Schema) throws {
        var refill: [String] = []
        for name in new.collectionNames {
            let collection = new[name]!
            let quoted = quote(name)
            guard let before = old?[name], try db.tableExists(name) else {
                let columns =
                    ["id TEXT PRIMARY KEY NOT NULL", "scope TEXT NOT NULL"]
                    + collection.fieldNames.map { columnDefinition($0, collection.fields[$0]!) }
                    + ["\(stateColumn) BLOB NOT NULL", "\(maxColumn) INTEGER NOT NULL"]
                try db.execute(
                    sql: "CREATE TABLE IF NOT EXISTS \(quoted) (\(columns.joined(separator: ", "))) WITHOUT ROWID")
                try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(quote(name + "_scope")) ON \(quoted)(scope)")
                refill.append(name)
                continue
            }
            let added = collection.fieldNames.filter { before.fields[$0] == nil }
            for field in added {
                try db.execute(
                    sql: "ALTER TABLE \(quoted) ADD COLUMN \(columnDefinition(field, collection.fields[field]!))")
            }
            if !added.isEmpty { refill.append(name) }
        }
        // Values that arrived for fields or collections before they were declared were
        // kept in the state: show them. The states were written beside the old columns
        // (a field's place among them moves when one is added before it): read them with
        // those, write them with the new ones.
        let writer = TableWriter(db: db, sql: TableWriter.TableSQL.all(new))
        for name in refill {
            let collection = old?[name] ?? new[name]!
            let rows = try Row.fetchAll(db, sql: "SELECT id, \(stateSelection(collection)) FROM \(quote(name))")
            for row in rows {
                let state = try decode(row, at: 1, name, row[0], registers: registerFields(collection))
                try writer.write(RecordKey(collection: name, record: row[0]), state, was: .table)
            }
        }
    }

    /// A deleted record's state (a tombstone keeps it whole).
    static func decode(_ bytes: [UInt8], _ collection: String, _ record: String) throws -> RecordState {
        try decode(bytes, collection, record, registers: []) { _ in nil }
    }

    /// A row's state, kept beside its columns (``RecordState/encoded(columns:)``):
    /// `registers` are the register fields selected after the state
    /// (``registerFields(_:)``), and `column(i)` reads the `i`th of them from the row.
    static func decode(
        _ bytes: [UInt8], _ collection: String, _ record: String, registers: [String], column: (Int) -> FieldValue?
    ) throws -> RecordState {
        do {
            return try RecordState(encoded: bytes, columns: registers, column: column)
        } catch {
            throw StoreError(.notAReplica, "the stored state of \(collection)/\(record) is damaged: \(error)")
        }
    }

    /// The state selected with ``stateSelection(_:)`` from a row, its column at `index`.
    static func decode(_ row: Row, at index: Int, _ collection: String, _ record: String, registers: [String])
        throws -> RecordState
    {
        try decode([UInt8](row[index] as Data), collection, record, registers: registers) {
            registerValue(row[index + 1 + $0] as DatabaseValue)
        }
    }

    /// A collection's register fields, sorted by name: the columns selected after the
    /// state to read it.
    static func registerFields(_ collection: CollectionSchema) -> [String] {
        collection.fieldNames.filter { collection.fields[$0] == .register }
    }

    /// The state column and the register columns, for a SELECT list.
    static func stateSelection(_ collection: CollectionSchema) -> String {
        ([stateColumn] + registerFields(collection).map(quote)).joined(separator: ", ")
    }

    /// A register column's value as the state left it: an integer, a text or null;
    /// `nil` for anything else (a state never leaves such a value to its column).
    static func registerValue(_ value: DatabaseValue) -> FieldValue? {
        switch value.storage {
        case .null: .null
        case .int64(let i): .int(i)
        case .string(let text): .string(text)
        case .double, .blob: nil
        }
    }
}
