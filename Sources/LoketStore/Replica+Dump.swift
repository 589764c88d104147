import GRDB
public import LoketSync

extension Replica {
    /// One live record as JSON: `id`, `scope` and every declared field; `nil` when the
    /// record does not exist.
    public func record(_ collection: String, id recordID: String) throws -> FieldValue? {
        guard let table = schema[collection] else {
            throw StoreError(.unknownCollection, "unknown collection \"\(collection)\"")
        }
        return try translatingDatabaseErrors {
            try pool.read { db in try Self.records(db, table, only: recordID).first }
        }
    }

    /// Every live record of every collection: `{collection: [record, …]}`, records sorted
    /// by id. Printed as canonical JSON, two converged replicas give identical bytes.
    public func dump() throws -> FieldValue {
        try translatingDatabaseErrors {
            try pool.read { db in
                var out: [String: FieldValue] = [:]
                for name in schema.collectionNames { out[name] = .array(try Self.records(db, schema[name]!, only: nil)) }
                return .object(out)
            }
        }
    }

    /// A 64-bit FNV-1a digest of ``dump()``'s canonical JSON records, computed without
    /// holding the dump in memory: equal digests mean (almost surely) equal dumps.
    public func dumpDigest() throws -> UInt64 {
        try translatingDatabaseErrors {
            try pool.read { db in
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                for name in schema.collectionNames {
                    for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
                    try Self.forEachRecord(db, schema[name]!, only: nil) { record in
                        for byte in record.canonicalJSON.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
                    }
                }
                return hash
            }
        }
    }

    static func records(_ db: Database, _ table: CollectionSchema, only recordID: String?) throws -> [FieldValue] {
        var out: [FieldValue] = []
        try forEachRecord(db, table, only: recordID) { out.append($0) }
        return out
    }

    /// Records of one collection read from its table, registers from their metadata (which
    /// keeps the exact JSON type: a boolean stays a boolean).
    static func forEachRecord(
        _ db: Database, _ table: CollectionSchema, only recordID: String?, _ body: (FieldValue) throws -> Void
    ) throws {
        let quoted = ChangeApplier.quote(table.name)
        let filter = recordID == nil ? "" : " WHERE id = ?"
        let arguments: StatementArguments = recordID.map { [$0] } ?? []
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(quoted)\(filter) ORDER BY id", arguments: arguments)
        let registers = try Row.fetchCursor(
            db,
            sql: """
                SELECT record, field, value FROM loket_registers
                WHERE collection = ?\(recordID == nil ? "" : " AND record = ?") ORDER BY record
                """, arguments: [table.name] + arguments)
        var pendingRegister = try registers.next()
        while let row = try rows.next() {
            let id: String = row["id"]
            var members: [String: FieldValue] = ["id": .string(id), "scope": .string(row["scope"])]
            for (field, kind) in table.fields {
                switch kind {
                case .register: members[field] = .null
                case .counter: members[field] = .int(row[field])
                case .set: members[field] = try FieldValue(storedJSON: row[field])
                }
            }
            // Both cursors run in id order (BINARY collation), so registers merge in step.
            while let register = pendingRegister, (register[0] as String).utf8.lexicographicallyPrecedes(id.utf8) {
                _ = register
                pendingRegister = try registers.next()
            }
            while let register = pendingRegister, (register[0] as String) == id {
                let field: String = register[1]
                if table.fields[field] == .register { members[field] = try FieldValue(storedJSON: register[2]) }
                pendingRegister = try registers.next()
            }
            try body(.object(members))
        }
    }
}
