import GRDB

/// The store's own tables, versioned with GRDB's `DatabaseMigrator`. Collection tables
/// are made from the schema by ``CollectionTables``.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: replica, records, outbox, quarantine") { db in
            try db.execute(
                sql: """
                    CREATE TABLE loket_replica (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        replica_id TEXT NOT NULL,
                        clock INTEGER NOT NULL,      -- highest hybrid time handed out or received (packed)
                        own_time INTEGER NOT NULL,   -- time of the last local change (packed)
                        schema TEXT NOT NULL         -- the declared schema, JSON
                    );
                    CREATE TABLE loket_version_vector (
                        replica TEXT PRIMARY KEY,
                        time INTEGER NOT NULL        -- packed hybrid time held up to; 0: origin seen, nothing claimed yet
                    ) WITHOUT ROWID;
                    CREATE TABLE loket_records (
                        collection TEXT NOT NULL,
                        record TEXT NOT NULL,
                        cl INTEGER NOT NULL,         -- causal length: odd alive, even deleted
                        scope TEXT NOT NULL,
                        max_time INTEGER NOT NULL,   -- greatest change time in state (packed)
                        state BLOB NOT NULL,         -- the record's CRDT state (RecordState, binary)
                        PRIMARY KEY (collection, record)
                    ) WITHOUT ROWID;
                    CREATE TABLE loket_outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        time INTEGER NOT NULL,       -- packed hybrid time of the last change
                        change_count INTEGER NOT NULL,
                        payload BLOB NOT NULL        -- binary changeset
                    );
                    CREATE TABLE loket_quarantine (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        received_at INTEGER NOT NULL, -- wall milliseconds
                        reason_code TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        payload BLOB NOT NULL        -- binary changeset holding the one change
                    );
                    """)
        }
        migrator.registerMigration("v2: settings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE loket_settings (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL          -- what the sync client and the agent keep: hub, cursor, state
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
