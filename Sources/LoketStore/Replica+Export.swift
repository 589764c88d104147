import GRDB
public import LoketSync

extension Replica {
    /// What a peer whose version vector is `since` lacks: every change held here (or the
    /// change that superseded it) with a time above `since` for its origin.
    ///
    /// With `limit`, at most about that many changes are returned (changes made in one
    /// tick are never split); the changeset's `upTo` says how far it reaches, and calling
    /// again with `since` moved past it (``Changeset/continuing(_:)``) continues. An empty
    /// changeset means nothing is left to send.
    public func changes(since: VersionVector, limit: Int? = nil) throws -> Changeset {
        try translatingDatabaseErrors {
            try pool.read { db in
                let held = try Self.versionVector(in: db)
                let origins = try String.fetchAll(db, sql: "SELECT replica FROM loket_version_vector ORDER BY replica")
                var changes: [Change] = []
                var upTo = VersionVector()
                var remaining = limit ?? Int.max
                for text in origins {
                    guard let origin = try? ReplicaID(text) else {
                        throw StoreError(.notAReplica, "the version vector table is damaged")
                    }
                    guard remaining > 0 else { break }
                    let lower = since[origin].packed
                    var rows = try Self.exportRows(db, origin: text, after: lower, through: .max, limit: remaining)
                    var reach = held[origin]
                    if rows.count == remaining, let last = rows.last?.time {
                        // Possibly cut: end on a whole tick, and claim no more than that tick.
                        rows.removeAll { $0.time == last }
                        rows += try Self.exportRows(db, origin: text, after: last - 1, through: last, limit: .max)
                        if let cut = HybridTime(packed: last), cut < reach { reach = cut }
                    }
                    remaining -= rows.count
                    for row in rows { changes.append(try row.change(origin: origin)) }
                    if reach > since[origin] { upTo[origin] = reach }
                }
                return Changeset(since: since, upTo: upTo, changes: changes)
            }
        }
    }

    /// One metadata row on its way out.
    struct ExportRow {
        var kind: Int
        var collection: String
        var record: String
        var scope: String
        var cl: Int64
        var time: Int64
        var field: String?
        var value: String?
        var a: Int64?
        var b: Int64?
        var tagOrigin: String?

        func change(origin: ReplicaID) throws -> Change {
            guard let time = HybridTime(packed: time) else { throw StoreError(.notAReplica, "a stored time is damaged") }
            let operation: ChangeOperation
            switch kind {
            case 0: operation = .existence
            case 1: operation = .register(field: field!, value: try FieldValue(storedJSON: value!))
            case 2: operation = .counter(field: field!, increments: UInt64(a!), decrements: UInt64(b!))
            default:
                let element = try FieldValue(storedJSON: value!)
                if b == 0 {
                    operation = .add(field: field!, element: element)
                } else {
                    guard let tagTime = HybridTime(packed: a!), let tagReplica = try? ReplicaID(tagOrigin!) else {
                        throw StoreError(.notAReplica, "a stored set entry is damaged")
                    }
                    operation = .remove(
                        field: field!, element: element, tag: HybridTimestamp(time: tagTime, replica: tagReplica))
                }
            }
            return Change(
                collection: collection, recordID: record, scope: scope, causalLength: UInt64(cl),
                timestamp: HybridTimestamp(time: time, replica: origin), operation: operation)
        }
    }

    /// The rows of `origin` with `after < time <= through`, in time order, existence first.
    static func exportRows(_ db: Database, origin: String, after: Int64, through: Int64, limit: Int) throws -> [ExportRow] {
        let sql = """
            SELECT 0, collection, record, scope, cl, time, NULL, NULL, NULL, NULL, NULL
              FROM loket_records WHERE origin = ?1 AND time > ?2 AND time <= ?3
            UNION ALL
            SELECT 1, g.collection, g.record, r.scope, g.cl, g.time, g.field, g.value, NULL, NULL, NULL
              FROM loket_registers g JOIN loket_records r ON r.collection = g.collection AND r.record = g.record
              WHERE g.origin = ?1 AND g.time > ?2 AND g.time <= ?3
            UNION ALL
            SELECT 2, c.collection, c.record, r.scope, c.cl, c.time, c.field, NULL, c.increments, c.decrements, NULL
              FROM loket_counters c JOIN loket_records r ON r.collection = c.collection AND r.record = c.record
              WHERE c.origin = ?1 AND c.time > ?2 AND c.time <= ?3
            UNION ALL
            SELECT 3, s.collection, s.record, r.scope, s.cl, s.time, s.field, s.element, s.tag_time, s.removed, s.tag_origin
              FROM loket_set_entries s JOIN loket_records r ON r.collection = s.collection AND r.record = s.record
              WHERE s.origin = ?1 AND s.time > ?2 AND s.time <= ?3
            ORDER BY 6, 1, 2, 3, 7
            LIMIT ?4
            """
        return try Row.fetchAll(
            db.cachedStatement(sql: sql), arguments: [origin, after, through, Int64(clamping: limit)]
        ).map { row in
            ExportRow(
                kind: row[0], collection: row[1], record: row[2], scope: row[3], cl: row[4], time: row[5], field: row[6],
                value: row[7], a: row[8], b: row[9], tagOrigin: row[10])
        }
    }
}
