import GRDB

/// The store's own tables, versioned with GRDB's `DatabaseMigrator`. Collection tables
/// are made from the schema by ``CollectionTables``.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: replica, metadata, outbox, quarantine") { db in
            try db.execute(
                sql: """
                    CREATE TABLE loket_replica (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        replica_id TEXT NOT NULL,
                        clock INTEGER NOT NULL,      -- highest hybrid time handed out or received (packed)
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
                        time INTEGER NOT NULL,       -- existence change time; 0 while only implied
                        origin TEXT NOT NULL,        -- '' while only implied
                        scope TEXT NOT NULL,
                        PRIMARY KEY (collection, record)
                    ) WITHOUT ROWID;
                    CREATE INDEX loket_records_origin ON loket_records(origin, time);
                    CREATE TABLE loket_registers (
                        collection TEXT NOT NULL,
                        record TEXT NOT NULL,
                        field TEXT NOT NULL,
                        cl INTEGER NOT NULL,
                        time INTEGER NOT NULL,
                        origin TEXT NOT NULL,
                        value TEXT NOT NULL,         -- canonical JSON
                        PRIMARY KEY (collection, record, field)
                    ) WITHOUT ROWID;
                    CREATE INDEX loket_registers_origin ON loket_registers(origin, time);
                    CREATE TABLE loket_counters (
                        collection TEXT NOT NULL,
                        record TEXT NOT NULL,
                        field TEXT NOT NULL,
                        origin TEXT NOT NULL,        -- the slot's replica
                        cl INTEGER NOT NULL,
                        time INTEGER NOT NULL,
                        increments INTEGER NOT NULL,
                        decrements INTEGER NOT NULL,
                        PRIMARY KEY (collection, record, field, origin)
                    ) WITHOUT ROWID;
                    CREATE INDEX loket_counters_origin ON loket_counters(origin, time);
                    CREATE TABLE loket_set_entries (
                        collection TEXT NOT NULL,
                        record TEXT NOT NULL,
                        field TEXT NOT NULL,
                        element TEXT NOT NULL,       -- canonical JSON
                        tag_time INTEGER NOT NULL,
                        tag_origin TEXT NOT NULL,
                        cl INTEGER NOT NULL,
                        removed INTEGER NOT NULL,
                        time INTEGER NOT NULL,       -- the add, or the remove that won
                        origin TEXT NOT NULL,
                        PRIMARY KEY (collection, record, field, element, tag_time, tag_origin)
                    ) WITHOUT ROWID;
                    CREATE INDEX loket_set_entries_origin ON loket_set_entries(origin, time);
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
        return migrator
    }
}
