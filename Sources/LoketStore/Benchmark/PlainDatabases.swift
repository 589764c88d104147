import GRDB

/// The plain-SQLite side of the sync benchmark: one table of the same shape per replica,
/// written by upserts with the same durability as the store's writer (WAL,
/// `synchronous = FULL`).
struct PlainDatabases {
    let databases: [DatabasePool]
    /// The quoted column names of the fields.
    let columns: [String]
    /// Inserts a whole row, or replaces every field of an existing one.
    let insert: String

    init(folder: String, fields: [String], count: Int) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -2048")
        }
        let columns = fields.map { "\"\($0)\"" }
        self.columns = columns
        databases = try (0..<count).map { index in
            let pool = try DatabasePool(path: "\(folder)/plain-\(index).sqlite", configuration: config)
            try pool.write { db in
                try db.execute(
                    sql: "CREATE TABLE bench (id TEXT PRIMARY KEY NOT NULL, \(columns.joined(separator: ", ")))")
            }
            // The same durability as the store's writer.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            return pool
        }
        insert =
            "INSERT INTO bench (id, \(columns.joined(separator: ", "))) VALUES (?\(String(repeating: ", ?", count: fields.count))) "
            + "ON CONFLICT (id) DO UPDATE SET "
            + columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
    }

    /// Sets one field of one record, creating the row if it is missing.
    func upsert(_ db: Database, _ record: Int, _ field: Int, _ value: Int64) throws {
        try db.cachedStatement(
            sql: "INSERT INTO bench (id, \(columns[field])) VALUES (?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET \(columns[field]) = excluded.\(columns[field])"
        ).execute(arguments: [SyncBenchmark.recordID(record), value])
    }

    func close() throws {
        for database in databases { try database.close() }
    }
}
