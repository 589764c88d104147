import GRDB
import LoketSync

/// Writes records into their collection tables — the row's columns and the CRDT state
/// beside them (`_crdt`, `_max`) — or into `loket_tombstones` once deleted, with one
/// prepared statement per collection and purpose.
final class TableWriter {
    /// Where a record's state is kept.
    enum Location: Equatable {
        /// In its collection table's row: the record is alive.
        case table
        /// In `loket_tombstones`: the record was deleted.
        case tombstone
        /// Nowhere yet: the replica never heard of it.
        case none
    }

    /// The SQL for one collection's table, made once per schema.
    struct TableSQL: Sendable {
        let fields: [(name: String, kind: FieldKind)]
        let insert: String
        let update: String
        /// The update without `scope`: an update that names `scope` rewrites the scope
        /// index's entry even when the value is the same (a page more per write).
        let updateKeepingScope: String
        let delete: String
        let select: String
        /// The register fields `select` reads after the state, sorted by name.
        let registerFields: [String]
        /// The register fields' parameter positions, in ``registerFields``' order (by name,
        /// as a state's registers are), so a row binds them in one walk over both.
        let registerColumns: [(name: String, position: Int32)]
        /// The other fields' kinds and positions.
        let otherColumns: [(name: String, kind: FieldKind, position: Int32)]

        init(_ collection: CollectionSchema) {
            let quoted = CollectionTables.quote(collection.name)
            let names = collection.fieldNames
            fields = names.map { ($0, collection.fields[$0]!) }
            let columns =
                (["id", "scope"] + names).map(CollectionTables.quote)
                + [CollectionTables.stateColumn, CollectionTables.maxColumn]
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            // `id` is ?1; the rest are assigned from ?2 on, the same numbering as the insert.
            let assignments = columns.dropFirst().enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
            insert = "INSERT INTO \(quoted) (\(columns.joined(separator: ", "))) VALUES (\(marks))"
            update = "UPDATE \(quoted) SET \(assignments) WHERE id = ?1"
            let keeping = columns.dropFirst().enumerated().dropFirst().map { "\($1) = ?\($0 + 2)" }
            updateKeepingScope = "UPDATE \(quoted) SET \(keeping.joined(separator: ", ")) WHERE id = ?1"
            delete = "DELETE FROM \(quoted) WHERE id = ?"
            registerFields = CollectionTables.registerFields(collection)
            select = "SELECT \(CollectionTables.stateSelection(collection)) FROM \(quoted) WHERE id = ?"
            // `id` and `scope` are ?1 and ?2; the fields follow in `fields`' order.
            let positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0 + 3)) })
            registerColumns = registerFields.map { (name: $0, position: positions[$0]!) }
            otherColumns = fields.filter { $0.kind != .register }
                .map { (name: $0.name, kind: $0.kind, position: positions[$0.name]!) }
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
        func updateKeepingScope() throws -> RawStatement { try statement(4, sql.updateKeepingScope) }
        func delete() throws -> RawStatement { try statement(2, sql.delete) }
        func select() throws -> RawStatement { try statement(3, sql.select) }

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
    /// The statements on `loket_tombstones`, each prepared when first used; ?1 is the
    /// collection, ?2 the record.
    private enum Tombstone: Int, CaseIterable {
        case select, save, delete

        var sql: String {
            switch self {
            case .select: "SELECT state FROM loket_tombstones WHERE collection = ? AND record = ?"
            case .save:
                """
                INSERT INTO loket_tombstones (collection, record, max_time, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (collection, record) DO UPDATE SET max_time = excluded.max_time, state = excluded.state
                """
            case .delete: "DELETE FROM loket_tombstones WHERE collection = ? AND record = ?"
            }
        }
    }
    private var tombstones = [RawStatement?](repeating: nil, count: Tombstone.allCases.count)

    init(db: Database, sql: [String: TableSQL]) {
        self.db = db
        self.sql = sql
    }

    /// A record's stored state and where it is kept; `nil` state when nowhere.
    func read(_ key: RecordKey) throws -> (state: RecordState?, location: Location) {
        if let prepared = try statements(for: key.collection) {
            let select = try prepared.select()
            select.bind(1, key.record)
            defer { select.reset() }
            if try select.step() {
                let state = try CollectionTables.decode(
                    select.blob(0), key.collection, key.record, registers: prepared.sql.registerFields
                ) { select.registerValue(Int32($0 + 1)) }
                return (state, .table)
            }
        }
        let select = try tombstone(.select, key)
        defer { select.reset() }
        if try select.step() {
            return (try CollectionTables.decode(select.blob(0), key.collection, key.record), .tombstone)
        }
        return (nil, .none)
    }

    /// Writes a record where its state now belongs: a live record's row (all columns and
    /// the state), or a deleted record's tombstone; moves it between the two when it was
    /// kept in the other. Collections not in the schema have no table: their records are
    /// never written (their changes wait in the quarantine). `storedScope` is the scope the
    /// row holds, when known: the update leaves the column (and its index) alone when it
    /// stays.
    func write(_ key: RecordKey, _ state: RecordState, was location: Location, storedScope: String? = nil) throws {
        guard let prepared = try statements(for: key.collection) else { return }
        guard state.isAlive else {
            let encoded = state.encoded()
            if location == .table {
                let delete = try prepared.delete()
                delete.bind(1, key.record)
                try delete.execute()
            }
            let save = try tombstone(.save, key)
            save.bind(3, state.maximumTime.packed)
            save.bind(4, encoded)
            try save.execute()
            return
        }
        if location == .tombstone {
            try tombstone(.delete, key).execute()
        }
        // The row exists exactly when the record was kept in the table: update it in
        // place, or insert it.
        let statement =
            location != .table
            ? try prepared.insert()
            : storedScope == state.scope ? try prepared.updateKeepingScope() : try prepared.update()
        // The row's columns hold the values of its register fields: the state leaves
        // those it can to them.
        let encoded = state.encoded(columns: prepared.sql.registerFields)
        try bindRow(statement, prepared, key, state, encoded)
        try statement.execute()
    }

    /// The tombstone statement `which`, prepared once, with the record's key bound.
    private func tombstone(_ which: Tombstone, _ key: RecordKey) throws -> RawStatement {
        if tombstones[which.rawValue] == nil { tombstones[which.rawValue] = try RawStatement(db, which.sql) }
        let statement = tombstones[which.rawValue]!
        statement.bind(1, key.collection)
        statement.bind(2, key.record)
        return statement
    }

    /// Binds `id`, `scope`, every field, the state and its time, in the column order of
    /// both statements.
    private func bindRow(
        _ statement: RawStatement, _ prepared: Statements, _ key: RecordKey, _ state: RecordState,
        _ encoded: [UInt8]
    ) throws {
        statement.bind(1, key.record)
        statement.bind(2, state.scope)
        // Both sorted by name: a register the schema lacks is skipped, a column without a
        // register is null.
        var registers = state.registers.makeIterator()
        var register = registers.next()
        for column in prepared.sql.registerColumns {
            while let current = register, current.key < column.name { register = registers.next() }
            if let current = register, current.key == column.name {
                statement.bind(column.position, current.value.value)
            } else {
                statement.bind(column.position, FieldValue.null)
            }
        }
        for column in prepared.sql.otherColumns {
            switch column.kind {
            case .register: break
            case .counter: statement.bind(column.position, state.counterValue(column.name))
            case .set:
                statement.bind(
                    column.position,
                    "[" + state.setElements(column.name).map(\.canonicalJSON).joined(separator: ",") + "]")
            }
        }
        let next = Int32(prepared.fields.count + 3)
        statement.bind(next, encoded)
        statement.bind(next + 1, state.maximumTime.packed)
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
