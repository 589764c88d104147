import GRDB
import LoketSync

/// Writes records' rows in their collection tables from their CRDT state, with one
/// prepared statement per collection.
final class TableWriter {
    /// The SQL for one collection's table, made once per schema.
    struct TableSQL: Sendable {
        let fields: [(name: String, kind: FieldKind)]
        let insert: String
        let update: String
        let delete: String

        init(_ collection: CollectionSchema) {
            let quoted = CollectionTables.quote(collection.name)
            let names = collection.fieldNames
            fields = names.map { ($0, collection.fields[$0]!) }
            let columns = (["id", "scope"] + names).map(CollectionTables.quote)
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            // `id` is ?1; the rest are assigned from ?2 on, the same numbering as the insert.
            let assignments = columns.dropFirst().enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
            insert = "INSERT OR REPLACE INTO \(quoted) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
            update = "UPDATE \(quoted) SET \(assignments) WHERE id = ?1"
            delete = "DELETE FROM \(quoted) WHERE id = ?"
        }

        /// The SQL of every collection of a schema.
        static func all(_ schema: Schema) -> [String: TableSQL] { schema.collections.mapValues(TableSQL.init) }
    }

    /// One collection's statements, prepared when first needed in this transaction.
    private final class Statements {
        let sql: TableSQL
        let db: Database
        private var prepared: [Int: RawStatement] = [:]

        init(sql: TableSQL, db: Database) {
            self.sql = sql
            self.db = db
        }

        var fields: [(name: String, kind: FieldKind)] { sql.fields }
        func insert() throws -> RawStatement { try statement(0, sql.insert) }
        func update() throws -> RawStatement { try statement(1, sql.update) }
        func delete() throws -> RawStatement { try statement(2, sql.delete) }

        private func statement(_ slot: Int, _ text: String) throws -> RawStatement {
            if let statement = prepared[slot] { return statement }
            let statement = try RawStatement(db, text)
            prepared[slot] = statement
            return statement
        }
    }

    let db: Database
    let sql: [String: TableSQL]
    private var statements: [String: Statements] = [:]
    private var last: (name: String, statements: Statements)?

    init(db: Database, sql: [String: TableSQL]) {
        self.db = db
        self.sql = sql
    }

    /// Writes the row of a live record (all columns), or removes the row of a record
    /// that was alive and no longer is. Collections not in the schema have no table.
    func write(_ key: RecordKey, _ state: RecordState, wasAlive: Bool) throws {
        guard let prepared = try statements(for: key.collection) else { return }
        guard state.isAlive else {
            if wasAlive {
                let delete = try prepared.delete()
                delete.bind(1, key.record)
                try delete.execute()
            }
            return
        }
        // The row exists exactly when the record was alive before: update it in place,
        // or insert it (and insert should an update find no row after all).
        if wasAlive {
            let update = try prepared.update()
            try bindRow(update, prepared, key, state)
            try update.execute()
            if update.changes > 0 { return }
        }
        let insert = try prepared.insert()
        try bindRow(insert, prepared, key, state)
        try insert.execute()
    }

    /// Binds `id`, `scope` and every field, in the column order of both statements.
    private func bindRow(_ statement: RawStatement, _ prepared: Statements, _ key: RecordKey, _ state: RecordState)
        throws
    {
        statement.bind(1, key.record)
        statement.bind(2, state.scope)
        for (index, field) in prepared.fields.enumerated() {
            let position = Int32(index + 3)
            switch field.kind {
            case .register: statement.bind(position, state.registers[field.name]?.value ?? .null)
            case .counter: statement.bind(position, state.counterValue(field.name))
            case .set:
                statement.bind(
                    position, "[" + state.setElements(field.name).map(\.canonicalJSON).joined(separator: ",") + "]")
            }
        }
    }

    private func statements(for name: String) throws -> Statements? {
        if let last, last.name == name { return last.statements }
        if let prepared = statements[name] {
            last = (name, prepared)
            return prepared
        }
        guard let text = sql[name] else { return nil }
        let prepared = Statements(sql: text, db: db)
        statements[name] = prepared
        last = (name, prepared)
        return prepared
    }
}
