import GRDB
import LoketSync

/// Applies changes to the metadata tables and the collection tables inside one write
/// transaction: the SQL form of `RecordState`'s merge rules.
///
/// Every rule is a join, so applying a change twice, or changes in any order, gives the
/// same tables. Local writes go through the same path as remote changes: a local write is
/// merging a change the replica made itself.
final class ChangeApplier {
    /// What applying one change did.
    enum Outcome: Equatable {
        /// The change was new and changed the state.
        case applied
        /// The state already held the change, or something that supersedes it.
        case unchanged
    }

    let db: Database
    let schema: Schema
    private var records: [RecordKey: RecordMeta?] = [:]

    init(db: Database, schema: Schema) {
        self.db = db
        self.schema = schema
    }

    // MARK: Records

    /// The record's existence metadata, or `nil` if the replica never heard of it.
    func record(_ key: RecordKey) throws -> RecordMeta? {
        if let cached = records[key] { return cached }
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT cl, time, origin, scope FROM loket_records WHERE collection = ? AND record = ?"),
            arguments: [key.collection, key.record])
        let meta = row.map {
            RecordMeta(causalLength: UInt64($0[0] as Int64), time: $0[1], origin: $0[2], scope: $0[3])
        }
        records[key] = meta
        return meta
    }

    private func save(_ key: RecordKey, _ meta: RecordMeta) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO loket_records (collection, record, cl, time, origin, scope) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (collection, record) DO UPDATE SET
                    cl = excluded.cl, time = excluded.time, origin = excluded.origin, scope = excluded.scope
                """
        ).execute(arguments: [
            key.collection, key.record, Int64(meta.causalLength), meta.time, meta.origin, meta.scope,
        ])
        records[key] = meta
    }

    // MARK: Applying

    /// Applies a change that was validated, whose collection is declared, and whose field
    /// (if declared) has the kind the operation needs.
    func apply(_ change: Change) throws -> Outcome {
        let key = RecordKey(collection: change.collection, record: change.recordID)
        let table = schema[change.collection]!
        let time = change.timestamp.time.packed
        let origin = change.origin.rawValue
        var outcome = Outcome.unchanged
        var meta: RecordMeta
        if let existing = try record(key) {
            if change.causalLength < existing.causalLength { return .unchanged }
            meta = existing
            if change.causalLength > existing.causalLength {
                meta = try newGeneration(key, from: existing, change: change, table: table)
                outcome = .applied
            }
        } else {
            meta = try newGeneration(key, from: nil, change: change, table: table)
            outcome = .applied
        }

        switch change.operation {
        case .existence:
            if meta.isBeaten(byTime: time, origin: origin, scope: change.scope) {
                let scopeChanged = meta.scope != change.scope
                meta.time = time
                meta.origin = origin
                meta.scope = change.scope
                try save(key, meta)
                if scopeChanged && meta.isAlive { try updateScope(key, change.scope) }
                outcome = .applied
            }
            return outcome
        case .register, .counter, .add, .remove:
            if meta.time == 0, meta.origin.isEmpty, meta.scope.utf8.lexicographicallyPrecedes(change.scope.utf8) {
                // Existence only implied so far: the greatest scope named holds, as in RecordState.
                meta.scope = change.scope
                try save(key, meta)
                try updateScope(key, change.scope)
                outcome = .applied
            }
        }

        let cl = Int64(change.causalLength)
        switch change.operation {
        case .existence:
            break
        case .register(let field, let value):
            let json = value.canonicalJSON
            try db.cachedStatement(
                sql: """
                    INSERT INTO loket_registers (collection, record, field, cl, time, origin, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (collection, record, field) DO UPDATE SET
                        cl = excluded.cl, time = excluded.time, origin = excluded.origin, value = excluded.value
                    WHERE excluded.time > time
                       OR (excluded.time = time AND (excluded.origin > origin
                           OR (excluded.origin = origin AND excluded.value > value)))
                    """
            ).execute(arguments: [key.collection, key.record, field, cl, time, origin, json])
            if db.changesCount > 0 {
                outcome = .applied
                if table.fields[field] != nil { try setColumn(key, field, value.databaseValue) }
            }
        case .counter(let field, let increments, let decrements):
            try db.cachedStatement(
                sql: """
                    INSERT INTO loket_counters (collection, record, field, origin, cl, time, increments, decrements)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (collection, record, field, origin) DO UPDATE SET
                        increments = max(increments, excluded.increments),
                        decrements = max(decrements, excluded.decrements),
                        time = max(time, excluded.time)
                    WHERE excluded.increments > increments OR excluded.decrements > decrements OR excluded.time > time
                    """
            ).execute(arguments: [
                key.collection, key.record, field, origin, cl, time, Int64(increments), Int64(decrements),
            ])
            if db.changesCount > 0 {
                outcome = .applied
                if table.fields[field] != nil { try materializeCounter(key, field) }
            }
        case .add(let field, let element):
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO loket_set_entries
                        (collection, record, field, element, tag_time, tag_origin, cl, removed, time, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                    """
            ).execute(arguments: [key.collection, key.record, field, element.canonicalJSON, time, origin, cl, time, origin])
            if db.changesCount > 0 {
                outcome = .applied
                if table.fields[field] != nil { try materializeSet(key, field) }
            }
        case .remove(let field, let element, let tag):
            try db.cachedStatement(
                sql: """
                    INSERT INTO loket_set_entries
                        (collection, record, field, element, tag_time, tag_origin, cl, removed, time, origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                    ON CONFLICT (collection, record, field, element, tag_time, tag_origin) DO UPDATE SET
                        removed = 1, time = excluded.time, origin = excluded.origin
                    WHERE removed = 0 OR excluded.time > time OR (excluded.time = time AND excluded.origin > origin)
                    """
            ).execute(arguments: [
                key.collection, key.record, field, element.canonicalJSON, tag.time.packed, tag.replica.rawValue, cl,
                time, origin,
            ])
            if db.changesCount > 0 {
                outcome = .applied
                if table.fields[field] != nil { try materializeSet(key, field) }
            }
        }
        return outcome
    }

    /// Moves a record to the change's (higher) generation: older fields go, the table row
    /// is made fresh or removed.
    private func newGeneration(_ key: RecordKey, from old: RecordMeta?, change: Change, table: CollectionSchema) throws
        -> RecordMeta
    {
        let cl = change.causalLength
        if old != nil {
            for sql in [
                "DELETE FROM loket_registers WHERE collection = ? AND record = ? AND cl < ?",
                "DELETE FROM loket_counters WHERE collection = ? AND record = ? AND cl < ?",
                "DELETE FROM loket_set_entries WHERE collection = ? AND record = ? AND cl < ?",
            ] {
                try db.cachedStatement(sql: sql).execute(arguments: [key.collection, key.record, Int64(cl)])
            }
        }
        // Existence is implied (time 0, no origin) until the existence change itself is applied.
        let meta = RecordMeta(causalLength: cl, time: 0, origin: "", scope: change.scope)
        try save(key, meta)
        let quoted = Self.quote(table.name)
        if meta.isAlive {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(quoted) (id, scope) VALUES (?, ?)")
                .execute(arguments: [key.record, meta.scope])
        } else if old?.isAlive == true {
            try db.cachedStatement(sql: "DELETE FROM \(quoted) WHERE id = ?").execute(arguments: [key.record])
        }
        return meta
    }

    // MARK: Materialising

    private func updateScope(_ key: RecordKey, _ scope: String) throws {
        try db.cachedStatement(sql: "UPDATE \(Self.quote(key.collection)) SET scope = ? WHERE id = ?")
            .execute(arguments: [scope, key.record])
    }

    private func setColumn(_ key: RecordKey, _ field: String, _ value: DatabaseValue) throws {
        try db.cachedStatement(sql: "UPDATE \(Self.quote(key.collection)) SET \(Self.quote(field)) = ? WHERE id = ?")
            .execute(arguments: [value, key.record])
    }

    /// Recomputes a counter column from its slots.
    func materializeCounter(_ key: RecordKey, _ field: String) throws {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT increments, decrements FROM loket_counters WHERE collection = ? AND record = ? AND field = ?"),
            arguments: [key.collection, key.record, field])
        let value = PNCounter.value(
            of: rows.map { PNCounter.Slot(increments: UInt64($0[0] as Int64), decrements: UInt64($0[1] as Int64)) })
        try setColumn(key, field, value.databaseValue)
    }

    /// Recomputes a set column: the JSON array of live elements, sorted by their bytes.
    func materializeSet(_ key: RecordKey, _ field: String) throws {
        let elements = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT DISTINCT element FROM loket_set_entries
                    WHERE collection = ? AND record = ? AND field = ? AND removed = 0 ORDER BY element
                    """),
            arguments: [key.collection, key.record, field])
        try setColumn(key, field, ("[" + elements.joined(separator: ",") + "]").databaseValue)
    }

    /// Recomputes a register column from its metadata (after the field was declared).
    func materializeRegister(_ key: RecordKey, _ field: String) throws {
        let json = try String.fetchOne(
            db.cachedStatement(sql: "SELECT value FROM loket_registers WHERE collection = ? AND record = ? AND field = ?"),
            arguments: [key.collection, key.record, field])
        let value = try json.map { text throws(StoreError) in try FieldValue(storedJSON: text) } ?? .null
        try setColumn(key, field, value.databaseValue)
    }

    /// A name as an SQL identifier. Names are validated (`a–z 0–9 _`), so quoting is enough.
    static func quote(_ name: String) -> String { "\"\(name)\"" }
}
