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
        migrator.registerMigration("v4: record states inside their tables, an outbox without AUTOINCREMENT") { db in
            // Each record's CRDT state moves into its row (`_crdt`, with its greatest time in
            // `_max`): a write touches one B-tree instead of two. Deleted records keep their
            // state in loket_tombstones. The outbox numbers its entries itself, after the last
            // one acknowledged or withdrawn (kept in loket_replica), instead of through
            // sqlite_sequence: one page less per write.
            try db.execute(
                sql: """
                    CREATE TABLE loket_tombstones (
                        collection TEXT NOT NULL,
                        record TEXT NOT NULL,
                        max_time INTEGER NOT NULL,   -- greatest change time in state (packed)
                        state BLOB NOT NULL,         -- the deleted record's CRDT state (RecordState, binary)
                        PRIMARY KEY (collection, record)
                    ) WITHOUT ROWID;
                    ALTER TABLE loket_replica ADD COLUMN outbox_spent INTEGER NOT NULL DEFAULT 0;
                        -- the last outbox sequence acknowledged or withdrawn: new entries count on from
                        -- here, so a number the hub may have seen is never given to other changes
                    UPDATE loket_replica SET outbox_spent = ifnull(
                        (SELECT seq FROM sqlite_sequence WHERE name = 'loket_outbox'), 0);
                    CREATE TABLE loket_outbox_new (
                        seq INTEGER PRIMARY KEY,
                        time INTEGER NOT NULL,       -- packed hybrid time of the last change
                        change_count INTEGER NOT NULL,
                        payload BLOB NOT NULL        -- binary changeset
                    );
                    INSERT INTO loket_outbox_new SELECT seq, time, change_count, payload FROM loket_outbox;
                    DROP TABLE loket_outbox;
                    ALTER TABLE loket_outbox_new RENAME TO loket_outbox;
                    """)
            // A schema that does not read stops the migration (the transaction rolls back)
            // rather than drop states it could not place.
            if let text = try String.fetchOne(db, sql: "SELECT schema FROM loket_replica") {
                let schema = try Schema(json: text)
                for name in schema.collectionNames where try db.tableExists(name) {
                    let table = CollectionTables.quote(name)
                    try db.execute(
                        sql: """
                            ALTER TABLE \(table) ADD COLUMN "_crdt" BLOB NOT NULL DEFAULT x'';
                            ALTER TABLE \(table) ADD COLUMN "_max" INTEGER NOT NULL DEFAULT 0;
                            """)
                    try db.execute(
                        sql: """
                            UPDATE \(table) SET ("_crdt", "_max") = (
                                SELECT state, max_time FROM loket_records WHERE collection = ? AND record = \(table).id)
                            """, arguments: [name])
                    try db.execute(
                        sql: """
                            INSERT INTO loket_tombstones (collection, record, max_time, state)
                                SELECT collection, record, max_time, state FROM loket_records
                                WHERE collection = ? AND cl % 2 = 0
                            """, arguments: [name])
                }
            }
            try db.execute(sql: "DROP TABLE loket_records")
        }
        return migrator
    }
}
