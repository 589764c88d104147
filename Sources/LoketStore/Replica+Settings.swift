import GRDB

extension Replica {
    /// A value the sync client or the agent keeps in the replica (`sync.cursor`, …).
    public func setting(_ key: String) throws -> String? {
        try translatingDatabaseErrors {
            try pool.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM loket_settings WHERE key = ?", arguments: [key])
            }
        }
    }

    /// Every setting whose key starts with `prefix`.
    public func settings(prefix: String) throws -> [String: String] {
        try translatingDatabaseErrors {
            try pool.read { db in
                var out: [String: String] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT key, value FROM loket_settings WHERE substr(key, 1, ?) = ?",
                    arguments: [prefix.count, prefix])
                {
                    out[row[0]] = row[1]
                }
                return out
            }
        }
    }

    /// Writes settings in one transaction; a `nil` value removes the key.
    public func setSettings(_ settings: [String: String?]) throws {
        try translatingDatabaseErrors { try pool.write { db in try Self.write(settings, in: db) } }
    }

    static func write(_ settings: [String: String?], in db: Database) throws {
        for (key, value) in settings {
            if let value {
                try db.execute(
                    sql:
                        "INSERT INTO loket_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM loket_settings WHERE key = ?", arguments: [key])
            }
        }
    }
}
