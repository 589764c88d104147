import GRDB
import LoketSync

/// Makes and evolves one real table per collection from the schema.
///
/// Columns: `id` (primary key), `scope`, then one per field: registers with no declared
/// type (values keep their SQLite type), counters `INTEGER NOT NULL DEFAULT 0`, sets
/// `TEXT NOT NULL DEFAULT '[]'` (a sorted JSON array).
enum CollectionTables {
    static func columnDefinition(_ field: String, _ kind: FieldKind) -> String {
        let name = ChangeApplier.quote(field)
        switch kind {
        case .register: return name
        case .counter: return "\(name) INTEGER NOT NULL DEFAULT 0"
        case .set: return "\(name) TEXT NOT NULL DEFAULT '[]'"
        }
    }

    /// Brings the tables from `old` (nil for a new database) to `new`, which must only add.
    /// Data kept for fields and collections that were not declared before is materialised.
    static func evolve(_ db: Database, from old: Schema?, to new: Schema) throws {
        let applier = ChangeApplier(db: db, schema: new)
        for name in new.collectionNames {
            let collection = new[name]!
            let quoted = ChangeApplier.quote(name)
            guard let before = old?[name], try db.tableExists(name) else {
                let columns = ["id TEXT PRIMARY KEY NOT NULL", "scope TEXT NOT NULL"]
                    + collection.fieldNames.map { columnDefinition($0, collection.fields[$0]!) }
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(quoted) (\(columns.joined(separator: ", "))) WITHOUT ROWID")
                try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(ChangeApplier.quote(name + "_scope")) ON \(quoted)(scope)")
                continue
            }
            for field in collection.fieldNames where before.fields[field] == nil {
                let kind = collection.fields[field]!
                try db.execute(sql: "ALTER TABLE \(quoted) ADD COLUMN \(columnDefinition(field, kind))")
                // Values that arrived for the field before it was declared were kept: show them.
                let records = try String.fetchAll(
                    db, sql: "SELECT record FROM loket_records WHERE collection = ? AND cl % 2 = 1", arguments: [name])
                for record in records {
                    let key = RecordKey(collection: name, record: record)
                    switch kind {
                    case .register: try applier.materializeRegister(key, field)
                    case .counter: try applier.materializeCounter(key, field)
                    case .set: try applier.materializeSet(key, field)
                    }
                }
            }
        }
    }
}
