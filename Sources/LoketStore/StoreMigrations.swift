import Foundation
import GRDB
import LoketSync

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
        migrator.registerMigration("v3: quarantine by origin and time, export pages, clock reference") { db in
            // A change is quarantined once however often it arrives; its origin and time
            // hold the version vector back (clock drift) or let it be relayed (the rest).
            try db.execute(
                sql: """
                    DELETE FROM loket_quarantine
                    WHERE id NOT IN (SELECT min(id) FROM loket_quarantine GROUP BY payload);
                    ALTER TABLE loket_quarantine ADD COLUMN origin TEXT NOT NULL DEFAULT '';
                    ALTER TABLE loket_quarantine ADD COLUMN time INTEGER NOT NULL DEFAULT 0;
                    CREATE UNIQUE INDEX loket_quarantine_payload ON loket_quarantine(payload);
                    ALTER TABLE loket_replica ADD COLUMN clock_offset INTEGER NOT NULL DEFAULT 0;
                        -- milliseconds the wall clock runs ahead of the hub's (negative: behind), 0 when unknown
                    ALTER TABLE loket_replica ADD COLUMN good_time INTEGER NOT NULL DEFAULT 0;
                        -- the hub's time (milliseconds) at the last sync: a time known to have passed
                    CREATE TABLE loket_export_pages (
                        export INTEGER NOT NULL,      -- the export's random number
                        number INTEGER NOT NULL,      -- the page's place, from 0
                        received_at INTEGER NOT NULL, -- wall milliseconds
                        taken BLOB NOT NULL,          -- per origin the greatest time taken (an empty changeset's upTo)
                        PRIMARY KEY (export, number)
                    ) WITHOUT ROWID;
                    """)
            let rows = try Row.fetchAll(db, sql: "SELECT id, payload FROM loket_quarantine")
            for row in rows {
                guard let change = try? Changeset(binary: [UInt8](row[1] as Data)).changes.first else { continue }
                try db.execute(
                    sql: "UPDATE loket_quarantine SET origin = ?, time = ? WHERE id = ?",
                    arguments: [change.origin.rawValue, change.timestamp.time.packed, row[0] as Int64])
            }
        }
        return migrator
    }
}
