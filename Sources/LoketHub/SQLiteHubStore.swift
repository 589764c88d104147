import Foundation
import GRDB
public import LoketProtocol
public import LoketSync

/// The hub's state in one SQLite file (WAL, `synchronous = FULL`): the embedded default.
/// Several hub processes on one machine may share the file; SQLite serialises writers.
public final class SQLiteHubStore: HubStore {
    let pool: DatabasePool
    public let path: String
    let pushes = GroupWriter<PushJob, PushReceipt>()
    let nonces = GroupWriter<RequestNonce, Bool>()
    let pulls = GroupWriter<PullJob, PullStart>()

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch let error as DatabaseError {
            throw HubError(
                status: 503, code: "store-unavailable",
                "cannot open the hub store \(path): \(error.message ?? "\(error)")")
        }
        pushes.store = { [unowned self] jobs in try await self.storePushes(jobs) }
        nonces.store = { [unowned self] jobs in
            try await self.lightWrite { db in try jobs.map { .success(try Self.record($0, db)) } }
        }
        pulls.store = { [unowned self] jobs in
            try await self.lightWrite { db in
                try jobs.map { job in
                    do { return .success(try Self.startPull(db, job)) } catch let error as HubError {
                        return .failure(error)
                    }
                }
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("hub v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE hub_state (
                        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                        last_cursor INTEGER NOT NULL,   -- the newest log row's cursor
                        horizon INTEGER NOT NULL        -- rows up to here are folded into hub_records
                    );
                    INSERT INTO hub_state VALUES (1, 0, 0);
                    CREATE TABLE hub_keys (
                        key_id TEXT PRIMARY KEY, role TEXT NOT NULL, branch TEXT, public_key TEXT NOT NULL
                    );
                    CREATE TABLE hub_enrolments (
                        code_digest TEXT PRIMARY KEY, terminal TEXT NOT NULL, scopes TEXT NOT NULL,
                        collections TEXT NOT NULL, expires_ms INTEGER NOT NULL, created_by TEXT NOT NULL,
                        redeemed_ms INTEGER, public_key TEXT, replica_id TEXT
                    );
                    CREATE TABLE hub_terminals (
                        name TEXT PRIMARY KEY, public_key TEXT NOT NULL, replica_id TEXT NOT NULL,
                        scopes TEXT NOT NULL, collections TEXT NOT NULL,
                        pushed_seq INTEGER NOT NULL, acked_cursor INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL
                    );
                    CREATE TABLE hub_nonces (
                        principal TEXT NOT NULL, nonce TEXT NOT NULL, time_ms INTEGER NOT NULL,
                        PRIMARY KEY (principal, nonce)
                    ) WITHOUT ROWID;
                    CREATE INDEX hub_nonces_time ON hub_nonces (time_ms);
                    CREATE TABLE hub_log (
                        cursor INTEGER PRIMARY KEY, scope TEXT NOT NULL, origin TEXT NOT NULL,
                        change_count INTEGER NOT NULL, body BLOB NOT NULL
                    );
                    CREATE INDEX hub_log_scope ON hub_log (scope, cursor);
                    CREATE TABLE hub_refusals (
                        terminal TEXT NOT NULL, sequence INTEGER NOT NULL, idx INTEGER NOT NULL,
                        code TEXT NOT NULL, reason TEXT NOT NULL,
                        PRIMARY KEY (terminal, sequence, idx)
                    ) WITHOUT ROWID;
                    CREATE TABLE hub_records (
                        collection TEXT NOT NULL, record TEXT NOT NULL, scope TEXT NOT NULL, state BLOB NOT NULL,
                        PRIMARY KEY (collection, record)
                    ) WITHOUT ROWID;
                    CREATE INDEX hub_records_scope ON hub_records (scope, collection, record);
                    """)
        }
        migrator.registerMigration("hub v2: documents") { db in
            try db.execute(sql: "CREATE TABLE hub_documents (name TEXT PRIMARY KEY, body BLOB NOT NULL)")
        }
        migrator.registerMigration("hub v3: record owners") { db in
            try db.execute(
                sql: """
                    CREATE TABLE hub_owners (
                        collection TEXT NOT NULL, record TEXT NOT NULL, scope TEXT NOT NULL,
                        PRIMARY KEY (collection, record)
                    ) WITHOUT ROWID;
                    INSERT INTO hub_owners (collection, record, scope) SELECT collection, record, scope FROM hub_records;
                    """)
            // Records only in the log: held by the scope of their first change there.
            let insert = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO hub_owners (collection, record, scope) VALUES (?, ?, ?)")
            let rows = try Row.fetchCursor(db, sql: "SELECT cursor, body FROM hub_log ORDER BY cursor")
            while let row = try rows.next() {
                let changes = try LogRows.changes([UInt8](row[1] as Data), cursor: row[0])
                for (key, scope) in RecordOwners.firstScopes(of: changes) {
                    try insert.execute(arguments: [key.collection, key.record, scope])
                }
            }
        }
        migrator.registerMigration("hub v4: origin signatures") { db in
            try db.execute(
                sql: """
                    ALTER TABLE hub_log ADD COLUMN attestation BLOB;  -- the push's signature and manifest
                    ALTER TABLE hub_log ADD COLUMN segment BLOB;    -- the segment, when body is not all of it
                    ALTER TABLE hub_log ADD COLUMN omitted TEXT;     -- positions in it not taken, "1,4"
                    -- Rows up to here were stored before pushes were signed.
                    ALTER TABLE hub_state ADD COLUMN signed_from INTEGER NOT NULL DEFAULT 0;
                    UPDATE hub_state SET signed_from = last_cursor;
                    CREATE TABLE hub_origin_keys (replica_id TEXT PRIMARY KEY, public_key TEXT NOT NULL);
                    INSERT OR IGNORE INTO hub_origin_keys (replica_id, public_key)
                        SELECT replica_id, public_key FROM hub_terminals;
                    """)
        }
        return migrator
    }

    public func document(named name: String) async throws -> [UInt8]? {
        try await translating {
            try await pool.read { db in
                try Data.fetchOne(db, sql: "SELECT body FROM hub_documents WHERE name = ?", arguments: [name])
                    .map { [UInt8]($0) }
            }
        }
    }

    public func replaceDocument(named name: String, with body: [UInt8], expected: [UInt8]?) async throws -> Bool {
        try await translating {
            try await pool.write { db in try Self.compareAndSet(db, name, body, expected: expected) }
        }
    }

    public func deleteDocument(named name: String) async throws -> Bool {
        try await translating {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM hub_documents WHERE name = ?", arguments: [name])
                return db.changesCount > 0
            }
        }
    }

    /// Writes document `name` when it still is `expected`; `false`, writing nothing, when not.
    static func compareAndSet(_ db: Database, _ name: String, _ body: [UInt8], expected: [UInt8]?) throws -> Bool {
        let current = try Data.fetchOne(db, sql: "SELECT body FROM hub_documents WHERE name = ?", arguments: [name])
            .map { [UInt8]($0) }
        guard current == expected else { return false }
        try db.execute(
            sql: "INSERT OR REPLACE INTO hub_documents (name, body) VALUES (?, ?)", arguments: [name, Data(body)])
        return true
    }

    /// Appends `rows` to the log under the next cursors (the caller's write transaction).
    /// `moveOwners`: the hub's own changes, which give each record their scope; a push's
    /// owners were claimed already by ``enforceOwners(_:_:)``.
    static func appendLog(_ db: Database, _ rows: [LogRow], origin: String, moveOwners: Bool) throws {
        guard !rows.isEmpty else { return }
        var cursor = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT last_cursor FROM hub_state"))!
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO hub_log (cursor, scope, origin, change_count, body, attestation, segment, omitted)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for row in rows {
            cursor += 1
            try insert.execute(arguments: [
                cursor, row.scope, origin, row.changes.count, Data(row.body), row.attestation.map { Data($0) },
                row.segment.map { Data($0) }, row.omittedText,
            ])
        }
        try db.cachedStatement(sql: "UPDATE hub_state SET last_cursor = ?").execute(arguments: [cursor])
        guard moveOwners else { return }
        // A record is held by the scope it was stored in; only the hub's own publishes move one.
        let owner = try db.cachedStatement(
            sql: """
                INSERT INTO hub_owners (collection, record, scope) VALUES (?, ?, ?)
                ON CONFLICT (collection, record) DO UPDATE SET scope = excluded.scope WHERE scope <> excluded.scope
                """)
        for (key, scope) in RecordOwners.firstScopes(of: rows.lazy.flatMap(\.changes)) {
            try owner.execute(arguments: [key.collection, key.record, scope])
        }
    }

    /// The entries with every change to a record another scope holds refused, and the
    /// records no scope held yet claimed for the scope of their first change (the caller's
    /// write transaction, so no other push claims a record meanwhile). One statement per
    /// 400 records claims the new ones and names them (`RETURNING`); only records held
    /// already are looked up, by collection on the key.
    static func enforceOwners(_ db: Database, _ entries: [DecidedEntry]) throws -> [DecidedEntry] {
        let claims = RecordOwners.claims(entries)
        guard !claims.isEmpty else { return entries }
        let chunkSize = 400
        var owners: [RecordOwners.Key: String] = [:]
        for start in stride(from: 0, to: claims.count, by: chunkSize) {
            let chunk = claims[start..<min(start + chunkSize, claims.count)]
            let marks = Array(repeating: "(?, ?, ?)", count: chunk.count).joined(separator: ", ")
            let claimed = try Row.fetchCursor(
                try db.cachedStatement(
                    sql: """
                        INSERT INTO hub_owners (collection, record, scope) VALUES \(marks)
                        ON CONFLICT DO NOTHING RETURNING collection, record, scope
                        """),
                arguments: StatementArguments(chunk.flatMap { [$0.key.collection, $0.key.record, $0.scope] }))
            while let row = try claimed.next() {
                owners[RecordOwners.Key(collection: row[0], record: row[1])] = row[2]
            }
        }
        var stored = Set<RecordOwners.Key>()
        var byCollection: [String: [String]] = [:]
        for (key, _) in claims where owners[key] == nil {
            stored.insert(key)
            byCollection[key.collection, default: []].append(key.record)
        }
        for (collection, records) in byCollection {
            for start in stride(from: 0, to: records.count, by: chunkSize) {
                let chunk = records[start..<min(start + chunkSize, records.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try Row.fetchCursor(
                    try db.cachedStatement(
                        sql: "SELECT record, scope FROM hub_owners WHERE collection = ? AND record IN (\(marks))"),
                    arguments: StatementArguments([collection] + Array(chunk)))
                while let row = try rows.next() {
                    owners[RecordOwners.Key(collection: collection, record: row[0])] = row[1]
                }
            }
        }
        return RecordOwners.enforce(entries, owners: owners, stored: stored)
    }

    public func documents(prefix: String) async throws -> [(name: String, body: [UInt8])] {
        try await translating {
            try await pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT name, body FROM hub_documents WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name
                        """, arguments: [prefix]
                ).map { (name: $0[0], body: [UInt8]($0[1] as Data)) }
            }
        }
    }

    public func publish(
        _ changes: [Change], origin: String, replacing name: String, with body: [UInt8], expected: [UInt8]?
    ) async throws -> Bool {
        try await translating {
            try await pool.write { db in
                guard try Self.compareAndSet(db, name, body, expected: expected) else { return false }
                try Self.appendLog(db, LogRows.rows(changes: changes), origin: origin, moveOwners: true)
                return true
            }
        }
    }

    public func prepare() async throws {
        try await translating { try Self.migrator.migrate(pool) }
    }

    public func ping() async throws {
        try await translating { _ = try await pool.read { try Int.fetchOne($0, sql: "SELECT 1") } }
    }

    public func addKey(_ key: KeyRecord) async throws {
        try await translating {
            try await pool.write { db in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM hub_keys WHERE key_id = ?", arguments: [key.keyID]) == true
                {
                    throw HubError.conflict("key-exists", "a key named \(key.keyID) is already registered")
                }
                try db.execute(
                    sql: "INSERT INTO hub_keys (key_id, role, branch, public_key) VALUES (?, ?, ?, ?)",
                    arguments: [key.keyID, key.role.rawValue, key.branch, key.publicKey])
            }
        }
    }

    public func removeKey(id: String) async throws -> Bool {
        try await translating {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM hub_keys WHERE key_id = ?", arguments: [id])
                return db.changesCount > 0
            }
        }
    }

    public func key(id: String) async throws -> KeyRecord? {
        try await translating {
            try await pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT key_id, role, branch, public_key FROM hub_keys WHERE key_id = ?", arguments: [id]
                ).map { row in
                    KeyRecord(
                        keyID: row[0], role: KeyRecord.Role(rawValue: row[1]) ?? .staff, branch: row[2],
                        publicKey: row[3])
                }
            }
        }
    }

    static let terminalColumns =
        "name, public_key, replica_id, scopes, collections, pushed_seq, acked_cursor, last_seen_ms"

    static func terminal(_ row: Row) throws -> TerminalRecord {
        TerminalRecord(
            name: row[0], publicKey: row[1], replicaID: row[2], scopes: try LogRows.decodeList(row[3]),
            collections: try LogRows.decodeList(row[4]), pushedSequence: row[5], acknowledgedCursor: row[6],
            lastSeenMilliseconds: row[7])
    }

    public func terminal(named name: String) async throws -> TerminalRecord? {
        try await translating {
            try await pool.read { db in
                try Row.fetchOne(
                    try db.cachedStatement(sql: "SELECT \(Self.terminalColumns) FROM hub_terminals WHERE name = ?"),
                    arguments: [name]
                ).map(Self.terminal)
            }
        }
    }

    public func terminals() async throws -> [TerminalRecord] {
        try await translating {
            try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT \(Self.terminalColumns) FROM hub_terminals ORDER BY name")
                    .map(Self.terminal)
            }
        }
    }

    public func removeTerminal(named name: String) async throws -> Bool {
        try await translating {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM hub_terminals WHERE name = ?", arguments: [name])
                return db.changesCount > 0
            }
        }
    }

    public func createEnrolment(_ enrolment: PendingEnrolment) async throws {
        try await translating {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO hub_enrolments (code_digest, terminal, scopes, collections, expires_ms, created_by)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        enrolment.codeDigest, enrolment.terminal, LogRows.encodeList(enrolment.scopes),
                        LogRows.encodeList(enrolment.collections), enrolment.expiresAtMilliseconds,
                        enrolment.createdBy,
                    ])
            }
        }
    }

    public func redeemEnrolment(codeDigest: String, publicKey: String, replicaID: String, nowMilliseconds: Int64)
        async throws -> TerminalRecord
    {
        try await translating {
            try await pool.write { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT terminal, scopes, collections, expires_ms, redeemed_ms, public_key, replica_id
                            FROM hub_enrolments WHERE code_digest = ?
                            """, arguments: [codeDigest])
                else { throw HubError.unknownCode }
                let pending = PendingEnrolment(
                    codeDigest: codeDigest, terminal: row[0], scopes: try LogRows.decodeList(row[1]),
                    collections: try LogRows.decodeList(row[2]), expiresAtMilliseconds: row[3], createdBy: "")
                let redeemed: Int64? = row[4]
                // A used code is answered again (a terminal whose first answer was lost asks
                // once more) only while it is valid: the answer carries the card key.
                guard nowMilliseconds < pending.expiresAtMilliseconds else { throw HubError.expiredCode }
                if redeemed != nil {
                    guard row[5] == publicKey, row[6] == replicaID else { throw HubError.usedCode }
                    guard
                        let terminal = try Row.fetchOne(
                            db, sql: "SELECT \(Self.terminalColumns) FROM hub_terminals WHERE name = ?",
                            arguments: [pending.terminal]
                        ).map(Self.terminal)
                    else { throw HubError.usedCode }
                    return terminal
                }
                let taken = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM hub_terminals WHERE replica_id = ?1 AND name <> ?2)
                            OR EXISTS (SELECT 1 FROM hub_enrolments WHERE replica_id = ?1 AND terminal <> ?2)
                        """, arguments: [replicaID, pending.terminal])
                if taken == true { throw HubError.replicaIDTaken(replicaID) }
                // One key per replica id, for good: what it signed stays checkable.
                let key = try String.fetchOne(
                    db, sql: "SELECT public_key FROM hub_origin_keys WHERE replica_id = ?", arguments: [replicaID])
                if let key, key != publicKey { throw HubError.replicaKeyTaken(replicaID) }
                try db.execute(
                    sql: "INSERT OR IGNORE INTO hub_origin_keys (replica_id, public_key) VALUES (?, ?)",
                    arguments: [replicaID, publicKey])
                try db.execute(
                    sql:
                        "UPDATE hub_enrolments SET redeemed_ms = ?, public_key = ?, replica_id = ? WHERE code_digest = ?",
                    arguments: [nowMilliseconds, publicKey, replicaID, codeDigest])
                // A terminal enrolled again from a new disk (a new replica) starts a new outbox.
                try db.execute(
                    sql: """
                        INSERT INTO hub_terminals (\(Self.terminalColumns)) VALUES (?, ?, ?, ?, ?, 0, 0, ?)
                        ON CONFLICT (name) DO UPDATE SET
                            public_key = excluded.public_key, scopes = excluded.scopes,
                            collections = excluded.collections, last_seen_ms = excluded.last_seen_ms,
                            pushed_seq = CASE WHEN replica_id = excluded.replica_id THEN pushed_seq ELSE 0 END,
                            replica_id = excluded.replica_id
                        """,
                    arguments: [
                        pending.terminal, publicKey, replicaID, LogRows.encodeList(pending.scopes),
                        LogRows.encodeList(pending.collections), nowMilliseconds,
                    ])
                return try Row.fetchOne(
                    db, sql: "SELECT \(Self.terminalColumns) FROM hub_terminals WHERE name = ?",
                    arguments: [pending.terminal]
                ).map(Self.terminal)!
            }
        }
    }

    public func useNonce(_ nonce: RequestNonce) async throws -> Bool {
        try await translating { try await nonces.submit(nonce) }
    }

    /// Inserts a nonce; `false` when it was there (a replay).
    static func record(_ nonce: RequestNonce, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO hub_nonces (principal, nonce, time_ms) VALUES (?, ?, ?)")
            .execute(arguments: [nonce.principal, nonce.nonce, nonce.timeMilliseconds])
        return db.changesCount == 1
    }

    public func push(
        terminal: String, replicaID: String, entries: [DecidedEntry], segments: [PushSegment],
        attestation: [UInt8], nowMilliseconds: Int64, nonce: RequestNonce?
    ) async throws -> PushReceipt {
        try await translating {
            try await pushes.submit(
                PushJob(
                    terminal: terminal, replicaID: replicaID, entries: entries, segments: segments,
                    attestation: attestation, now: nowMilliseconds, nonce: nonce))
        }
    }

    /// Stores several pushes in one transaction: one disk sync for all of them (group
    /// commit). A push refused (an unknown terminal) leaves nothing behind and fails alone;
    /// a database error fails them all, and their terminals retry.
    func storePushes(_ jobs: [PushJob]) async throws -> [Result<PushReceipt, HubError>] {
        try await pool.write { db in
            try jobs.map { job in
                do { return .success(try Self.storePush(db, job)) } catch let error as HubError {
                    return .failure(error)
                }
            }
        }
    }

    static func storePush(_ db: Database, _ job: PushJob) throws -> PushReceipt {
        let (terminal, replicaID, entries, nowMilliseconds) = (job.terminal, job.replicaID, job.entries, job.now)
        // First, so a replayed push writes nothing.
        if let nonce = job.nonce, try !record(nonce, db) { throw HubError.replayed(nonce) }
        guard
            let pushed = try Int64.fetchOne(
                try db.cachedStatement(sql: "SELECT pushed_seq FROM hub_terminals WHERE name = ? AND replica_id = ?"),
                arguments: [terminal, replicaID])
        else {
            throw HubError.notEnrolled(terminal: terminal, replicaID: replicaID)
        }
        let fresh = try enforceOwners(db, entries.filter { $0.sequence > pushed })
        var accepted = 0
        if !fresh.isEmpty {
            let rows = LogRows.rows(fresh, segments: job.segments, attestation: job.attestation)
            accepted = rows.reduce(0) { $0 + $1.changes.count }
            try appendLog(db, rows, origin: replicaID, moveOwners: false)
            let refusal = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO hub_refusals (terminal, sequence, idx, code, reason)
                    VALUES (?, ?, ?, ?, ?)
                    """)
            for entry in fresh {
                for refused in entry.refused {
                    try refusal.execute(arguments: [
                        terminal, refused.sequence, refused.index, refused.code, refused.reason,
                    ])
                }
            }
            try db.cachedStatement(sql: "UPDATE hub_terminals SET pushed_seq = ?, last_seen_ms = ? WHERE name = ?")
                .execute(arguments: [fresh.last!.sequence, nowMilliseconds, terminal])
        }
        let first = entries.first?.sequence ?? pushed + 1
        let last = entries.last?.sequence ?? pushed
        // Refusals of entries before this batch were answered and the answer arrived.
        try db.cachedStatement(sql: "DELETE FROM hub_refusals WHERE terminal = ? AND sequence < ?")
            .execute(arguments: [terminal, first])
        let refused = try Row.fetchAll(
            try db.cachedStatement(
                sql: """
                    SELECT sequence, idx, code, reason FROM hub_refusals
                    WHERE terminal = ? AND sequence BETWEEN ? AND ? ORDER BY sequence, idx
                    """), arguments: [terminal, first, last]
        ).map { Refusal(sequence: $0[0], index: $0[1], code: $0[2], reason: $0[3]) }
        return PushReceipt(acknowledgedThrough: max(last, pushed), accepted: accepted, refused: refused)
    }

    public func pull(
        terminal: String, excludingOrigin: String?, scopes: [String], after cursor: Int64, limit: Int,
        nowMilliseconds: Int64, nonce: RequestNonce?
    ) async throws -> PullPage {
        try await translating {
            // One light transaction, shared with the pulls arriving meanwhile: the nonce, the
            // cursor checks, the acknowledgement. A caught-up terminal needs nothing more.
            let start = try await pulls.submit(
                PullJob(
                    terminal: terminal, cursor: cursor, now: nowMilliseconds, nonce: nonce, hasScopes: !scopes.isEmpty))
            if start.caughtUp {
                return PullPage(segments: [], cursor: start.last, more: false, signedFrom: start.signedFrom)
            }
            let last = start.last
            return try await pool.read { db in
                // The horizon may have moved since the first step (a garbage collection):
                // rows below it are gone, so reading on would skip them.
                let horizon = try Int64.fetchOne(try db.cachedStatement(sql: "SELECT horizon FROM hub_state"))!
                try HubError.checkPull(cursor: cursor, horizon: horizon, last: last)
                let marks = Array(repeating: "?", count: scopes.count).joined(separator: ", ")
                let rows = try Row.fetchCursor(
                    try db.cachedStatement(
                        sql: """
                            SELECT cursor, origin, scope, change_count, coalesce(segment, body), attestation, omitted
                            FROM hub_log
                            WHERE cursor > ? AND cursor <= ? AND scope IN (\(marks)) AND origin != ? ORDER BY cursor
                            """), arguments: [cursor, last] + StatementArguments(scopes) + [excludingOrigin ?? ""])
                var segments: [OriginSegment] = []
                var changes = 0
                var reached = cursor
                while let row = try rows.next() {
                    let rowCursor: Int64 = row[0]
                    let count: Int = row[3]
                    if changes > 0 && changes + count > limit {
                        return PullPage(segments: segments, cursor: reached, more: true, signedFrom: start.signedFrom)
                    }
                    segments.append(
                        OriginSegment(
                            cursor: rowCursor, origin: row[1], scope: row[2], body: [UInt8](row[4] as Data),
                            attestation: (row[5] as Data?).map { [UInt8]($0) },
                            omitted: try LogRow.omitted(row[6], cursor: rowCursor)))
                    changes += count
                    reached = rowCursor
                }
                return PullPage(segments: segments, cursor: last, more: false, signedFrom: start.signedFrom)
            }
        }
    }

    /// A pull's first step, in the light transaction: records the nonce (a replay is
    /// refused), checks the cursor against the horizon and the newest change, and writes
    /// the terminal's acknowledgement when ``AcknowledgementRule`` asks for it.
    static func startPull(_ db: Database, _ job: PullJob) throws -> PullStart {
        if let nonce = job.nonce, try !record(nonce, db) { throw HubError.replayed(nonce) }
        let state = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT last_cursor, horizon, signed_from FROM hub_state"))!
        let (last, horizon, signedFrom): (Int64, Int64, Int64) = (state[0], state[1], state[2])
        try HubError.checkPull(cursor: job.cursor, horizon: horizon, last: last)
        let seen = try Row.fetchOne(
            try db.cachedStatement(sql: "SELECT acked_cursor, last_seen_ms FROM hub_terminals WHERE name = ?"),
            arguments: [job.terminal])
        if let seen, AcknowledgementRule.needed(cursor: job.cursor, now: job.now, acked: seen[0], lastSeen: seen[1]) {
            try db.cachedStatement(
                sql: """
                    UPDATE hub_terminals SET acked_cursor = max(acked_cursor, ?), last_seen_ms = max(last_seen_ms, ?)
                    WHERE name = ?
                    """
            ).execute(arguments: [job.cursor, job.now, job.terminal])
        }
        return PullStart(last: last, caughtUp: !job.hasScopes || job.cursor >= last, signedFrom: signedFrom)
    }

    public func originKeys(_ origins: [String]) async throws -> [String: String] {
        guard !origins.isEmpty else { return [:] }
        return try await translating {
            try await pool.read { db in
                var keys: [String: String] = [:]
                for start in stride(from: 0, to: origins.count, by: 400) {
                    let chunk = Array(origins[start..<min(start + 400, origins.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                    for row in try Row.fetchAll(
                        db, sql: "SELECT replica_id, public_key FROM hub_origin_keys WHERE replica_id IN (\(marks))",
                        arguments: StatementArguments(chunk))
                    {
                        keys[row[0]] = row[1]
                    }
                }
                return keys
            }
        }
    }

    public func snapshot(scopes: [String], after: String?, limit: Int) async throws -> SnapshotPage {
        try await translating {
            try await pool.read { db in
                let horizon = try Int64.fetchOne(db, sql: "SELECT horizon FROM hub_state")!
                guard !scopes.isEmpty else {
                    return SnapshotPage(changes: [], horizon: horizon, next: nil)
                }
                let marks = Array(repeating: "?", count: scopes.count).joined(separator: ", ")
                let (collection, record) = after.flatMap(LogRows.split) ?? ("", "")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT collection, record, state FROM hub_records
                        WHERE scope IN (\(marks)) AND (collection > ? OR (collection = ? AND record > ?))
                        ORDER BY collection, record LIMIT ?
                        """,
                    arguments: StatementArguments(scopes) + [collection, collection, record, limit + 1])
                var changes: [Change] = []
                for row in rows.prefix(limit) {
                    let key = LogRows.key(row[0], row[1])
                    let state = try LogRows.state([UInt8](row[2] as Data), key: key)
                    changes += state.changes(collection: row[0], recordID: row[1], since: VersionVector())
                }
                let next = rows.count > limit ? LogRows.key(rows[limit - 1][0], rows[limit - 1][1]) : nil
                return SnapshotPage(
                    changes: changes, horizon: horizon, next: next)
            }
        }
    }

    public func records(in collections: [String]) async throws -> [(
        collection: String, record: String, state: RecordState
    )] {
        guard !collections.isEmpty else { return [] }
        return try await translating {
            try await pool.read { db in
                let horizon = try Int64.fetchOne(db, sql: "SELECT horizon FROM hub_state")!
                let marks = Array(repeating: "?", count: collections.count).joined(separator: ", ")
                var states: [RecordFolder.Key: RecordState] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT collection, record, state FROM hub_records WHERE collection IN (\(marks))",
                    arguments: StatementArguments(collections))
                while let row = try rows.next() {
                    let key = RecordFolder.Key(collection: row[0], record: row[1])
                    states[key] = try LogRows.state([UInt8](row[2] as Data), key: LogRows.key(row[0], row[1]))
                }
                var folder = RecordFolder()
                let wanted = Set(collections)
                let log = try Row.fetchCursor(
                    db, sql: "SELECT cursor, body FROM hub_log WHERE cursor > ? ORDER BY cursor", arguments: [horizon])
                while let row = try log.next() {
                    folder.add(
                        try LogRows.changes([UInt8](row[1] as Data), cursor: row[0]).filter {
                            wanted.contains($0.collection)
                        })
                }
                return RecordFolder.fold(states, folder)
            }
        }
    }

    public func collectGarbage(activeSinceMilliseconds: Int64, nonceBeforeMilliseconds: Int64) async throws
        -> GarbageReport
    {
        try await translating {
            try await pool.write { db in
                var report = GarbageReport()
                try db.execute(sql: "DELETE FROM hub_nonces WHERE time_ms < ?", arguments: [nonceBeforeMilliseconds])
                report.forgottenNonces = db.changesCount
                let state = try Row.fetchOne(db, sql: "SELECT last_cursor, horizon FROM hub_state")!
                let (last, horizon): (Int64, Int64) = (state[0], state[1])
                report.previousHorizon = horizon
                report.horizon = horizon
                guard
                    let lowest = try Int64.fetchOne(
                        db, sql: "SELECT min(acked_cursor) FROM hub_terminals WHERE last_seen_ms >= ?",
                        arguments: [activeSinceMilliseconds])
                else { return report }
                let target = min(lowest, last)
                guard target > horizon else { return report }
                var folder = RecordFolder()
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT cursor, body FROM hub_log WHERE cursor > ? AND cursor <= ? ORDER BY cursor",
                    arguments: [horizon, target])
                while let row = try rows.next() {
                    report.foldedRows += 1
                    folder.add(try LogRows.changes([UInt8](row[1] as Data), cursor: row[0]))
                }
                let select = try db.cachedStatement(
                    sql: "SELECT state FROM hub_records WHERE collection = ? AND record = ?")
                let upsert = try db.cachedStatement(
                    sql: "INSERT OR REPLACE INTO hub_records (collection, record, scope, state) VALUES (?, ?, ?, ?)")
                let remove = try db.cachedStatement(sql: "DELETE FROM hub_records WHERE collection = ? AND record = ?")
                for (key, changes) in folder.records {
                    var state = RecordState()
                    if let blob = try Data.fetchOne(select, arguments: [key.collection, key.record]) {
                        state = try LogRows.state([UInt8](blob), key: LogRows.key(key.collection, key.record))
                    }
                    for change in changes { state.apply(change) }
                    if state.isAlive {
                        try upsert.execute(arguments: [key.collection, key.record, state.scope, Data(state.encoded())])
                    } else {
                        try remove.execute(arguments: [key.collection, key.record])
                        report.droppedTombstones += 1
                    }
                }
                try db.execute(
                    sql: "DELETE FROM hub_log WHERE cursor > ? AND cursor <= ?", arguments: [horizon, target])
                try db.execute(sql: "UPDATE hub_state SET horizon = ?", arguments: [target])
                report.horizon = target
                return report
            }
        }
    }

    public func close() async throws {
        try pool.close()
    }

    /// A write that need not survive a power cut on its own: a nonce, an acknowledgement.
    /// It commits with `synchronous = NORMAL` (to the WAL, not synced); the next durable
    /// commit syncs it along. What pushes store is always committed with `FULL`.
    func lightWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.writeWithoutTransaction { db in
            try db.cachedStatement(sql: "PRAGMA synchronous = NORMAL").execute()
            var result: T?
            do {
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
            } catch {
                try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
                throw error
            }
            try db.cachedStatement(sql: "PRAGMA synchronous = FULL").execute()
            return result!
        }
    }

    func translating<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as DatabaseError {
            throw HubError(
                status: 503, code: "store-unavailable", "the hub store \(path) failed: \(error.message ?? "\(error)")")
        }
    }
}
