import Foundation
public import GRDB
public import Logging
public import LoketSync

/// One replica on disk: a SQLite database (WAL, `synchronous = FULL`) holding one real
/// table per collection, the CRDT metadata beside them, a durable outbox and a quarantine.
///
/// Writes go through ``write(_:)``; remote changes through ``merge(_:)``; what a peer
/// lacks comes from ``changes(since:)`` (or page by page, ``changes(since:limit:after:)``). Reads are plain SQL on the collection
/// tables (``read(_:)``). Several processes may open the same file: the clock and the
/// version vector live in the database, read inside each write transaction.
public final class Replica: Sendable {
    /// The replica's id, part of every timestamp it makes.
    public let id: ReplicaID
    /// The collections this replica declares.
    public let schema: Schema
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let configuration: ReplicaConfiguration
    /// The SQL that writes each collection table, made once.
    let tableSQL: [String: TableWriter.TableSQL]
    let logger: Logger

    /// Opens the replica at `path`, creating it when the file does not exist.
    ///
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - configuration: replica id, schema, clock and limits; see ``ReplicaConfiguration``.
    ///   - logger: where the store reports what it does (never record contents).
    public init(path: String, configuration: ReplicaConfiguration = ReplicaConfiguration(), logger: Logger) throws {
        self.path = path
        self.configuration = configuration
        self.logger = logger
        var config = Configuration()
        config.busyMode = .timeout(configuration.busyTimeoutSeconds)
        config.maximumReaderCount = configuration.maximumReaderCount
        let readerCache = configuration.readerCacheSizeKiB
        config.prepareDatabase { db in
            // FULL: a commit returns only after the WAL is synced, so an acknowledged write
            // survives power loss, not only a crash of the process.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -\(readerCache)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            let migrator = StoreMigrations.migrator
            let (isReplica, superseded) = try pool.read { db in
                (try db.tableExists("loket_replica"), try migrator.hasBeenSuperseded(db))
            }
            if !isReplica && !configuration.createIfMissing {
                throw StoreError(.notAReplica, "\(path) is not a Loket replica; create one with: loket db init PATH")
            }
            if superseded {
                throw StoreError(
                    .notAReplica, "\(path) was written by a newer version of Loket; upgrade loket to open it")
            }
            try migrator.migrate(pool)
            // GRDB puts the writer of a WAL pool on synchronous = NORMAL after
            // prepareDatabase ran; the writer is the connection that must be FULL.
            let checkpointPages = configuration.walAutoCheckpointPages
            let writerCache = configuration.writerCacheSizeKiB
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA cache_size = -\(writerCache)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(checkpointPages)")
                // After a checkpoint, a WAL larger than this is cut back (it is reused otherwise).
                try db.execute(sql: "PRAGMA journal_size_limit = \(checkpointPages * 4096)")
            }
        } catch let error as DatabaseError {
            throw StoreError(.notAReplica, "cannot open \(path) as a Loket replica: \(error.message ?? "\(error)")")
        }
        let opened: (ReplicaID, Schema, Bool) = try pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT replica_id, schema FROM loket_replica") {
                let storedID = try ReplicaID(row[0] as String)
                if let wanted = configuration.replicaID, wanted != storedID {
                    throw StoreError(
                        .replicaMismatch,
                        "\(path) belongs to replica \(storedID), not \(wanted); a database keeps its replica id")
                }
                let stored = try Schema(json: row[1] as String)
                guard let wanted = configuration.schema else { return (storedID, stored, false) }
                let merged = try stored.adding(wanted)
                guard merged != stored else { return (storedID, stored, false) }
                try CollectionTables.evolve(db, from: stored, to: merged)
                try db.execute(sql: "UPDATE loket_replica SET schema = ?", arguments: [merged.json.canonicalJSON])
                return (storedID, merged, true)
            }
            var generator = SystemRandomNumberGenerator()
            let newID = configuration.replicaID ?? ReplicaID.random(using: &generator)
            let schema = configuration.schema ?? .builtIn
            try CollectionTables.evolve(db, from: nil, to: schema)
            try db.execute(
                sql: """
                    INSERT INTO loket_replica (singleton, replica_id, clock, own_time, schema)
                    VALUES (1, ?, 0, 0, ?)
                    """,
                arguments: [newID.rawValue, schema.json.canonicalJSON])
            return (newID, schema, false)
        }
        id = opened.0
        schema = opened.1
        tableSQL = TableWriter.TableSQL.all(opened.1)
        if opened.2 {
            logger.info(
                "schema extended",
                metadata: ["replica.id": "\(id)", "schema.collections": "\(schema.collections.count)"])
            let report = try retryQuarantine()
            if report.applied + report.unchanged > 0 {
                logger.info(
                    "quarantined changes released by the new schema", metadata: ["merge.applied": "\(report.applied)"])
            }
        }
    }

    // MARK: Writing

    /// Runs local writes in one transaction: the collection tables, the CRDT metadata and
    /// one outbox entry change together or not at all. When this returns, the write is on
    /// disk. If `body` throws, nothing of it is kept.
    @discardableResult
    public func write<T>(_ body: (inout WriteTransaction) throws -> T) throws -> T {
        try translatingDatabaseErrors {
            try pool.write { db in
                var header = try loadHeader(db)
                let wallClock = CorrectedWallClock(base: configuration.wallClock, header: header)
                // A clock that ran ahead is wound back before it stamps anything more.
                try rewindIfAhead(db, &header, wall: wallClock.nowMilliseconds())
                let records = RecordStore(db: db, schema: schema, tableSQL: tableSQL)
                var tx = WriteTransaction(records: records, replica: id, clock: header.clock, wallClock: wallClock)
                let result = try body(&tx)
                try Self.write(tx.settings, in: db)
                guard let last = tx.changes.last else { return result }
                try records.flush()
                // An outbox entry completes this replica's changes from the previous entry's time
                // to its own: a receiver that takes entries in order can raise its version vector.
                let payload = Changeset(
                    since: VersionVector([id: header.ownTime]), upTo: VersionVector([id: last.timestamp.time]),
                    changes: tx.changes
                ).encoded()
                // The header was read in this transaction, after any winding back: its next
                // number is still free.
                let outbox = try RawStatement(db, Self.insertNumberedOutboxSQL)
                outbox.bind(1, header.nextSequence)
                outbox.bind(2, last.timestamp.time.packed)
                outbox.bind(3, Int64(tx.changes.count))
                outbox.bind(4, payload)
                try outbox.execute()
                // The replica row is not written: the new outbox row carries the clock and the
                // own time (see loadHeader), which saves a page per local write.
                return result
            }
        }
    }

    /// Creates or updates one record in its own transaction; see ``WriteTransaction/put(_:id:scope:_:)``.
    @discardableResult
    public func put(_ collection: String, id recordID: String, scope: String? = nil, _ update: RecordUpdate) throws
        -> [Change]
    {
        try write { try $0.put(collection, id: recordID, scope: scope, update) }
    }

    /// Deletes one record in its own transaction.
    @discardableResult
    public func delete(_ collection: String, id recordID: String) throws -> Change {
        try write { try $0.delete(collection, id: recordID) }
    }

    /// Adds one outbox entry (time, change count, payload). Its number follows the greatest
    /// one in the outbox and the last one acknowledged or withdrawn: the hub skips numbers
    /// it has seen, so a number is never given twice.
    static let insertOutboxSQL = """
        INSERT INTO loket_outbox (seq, time, change_count, payload) VALUES (
            (SELECT max(ifnull((SELECT max(seq) FROM loket_outbox), 0), outbox_spent) + 1 FROM loket_replica),
            ?, ?, ?)
        """

    /// Adds one outbox entry under a number read in the same transaction (``Header/nextSequence``).
    static let insertNumberedOutboxSQL =
        "INSERT INTO loket_outbox (seq, time, change_count, payload) VALUES (?, ?, ?, ?)"

    /// The replica's row: the clock, the time of its own last change, and what the hub
    /// said of the wall clock (see ``setClockReference(hubMilliseconds:offsetMilliseconds:)``).
    struct Header {
        var clock: HybridLogicalClock
        var ownTime: HybridTime
        /// How far the wall clock runs ahead of the hub's, in milliseconds (0: unknown).
        var clockOffset: Int64 = 0
        /// The hub's time at the last sync, in milliseconds: a time known to have passed.
        var goodTime: UInt64 = 0
        /// The number the next outbox entry takes: after the greatest one in the outbox and
        /// the last one acknowledged or withdrawn (see ``insertOutboxSQL``).
        var nextSequence: Int64 = 1

        /// The wall clock corrected by the hub's offset.
        func corrected(_ wall: UInt64) -> UInt64 {
            clockOffset >= 0 ? wall - min(wall, UInt64(clockOffset)) : wall &+ clockOffset.magnitude
        }
    }

    /// Reads the clock and the own time: the replica row, raised by the newest outbox row
    /// (local writes record their time only there; trimming the outbox moves it into the
    /// replica row first).
    func loadHeader(_ db: Database) throws -> Header {
        let select = try RawStatement(
            db,
            """
            SELECT max(clock, ifnull(o.time, 0)), max(own_time, ifnull(o.time, 0)), clock_offset, good_time,
                max(ifnull(o.seq, 0), outbox_spent) + 1
            FROM loket_replica LEFT JOIN (SELECT seq, time FROM loket_outbox ORDER BY seq DESC LIMIT 1) o
            """)
        guard try select.step() else { throw StoreError(.notAReplica, "\(path) has no replica row") }
        defer { select.reset() }
        return Header(
            clock: HybridLogicalClock(
                replica: id, last: HybridTime(packed: select.int64(0)) ?? .zero,
                maximumDriftMilliseconds: configuration.maximumDriftMilliseconds),
            ownTime: HybridTime(packed: select.int64(1)) ?? .zero, clockOffset: select.int64(2),
            goodTime: UInt64(max(0, select.int64(3))), nextSequence: select.int64(4))
    }

    /// Keeps what merging taught the clock (local writes keep theirs in the outbox).
    func saveClock(_ db: Database, _ clock: HybridLogicalClock) throws {
        let update = try RawStatement(db, "UPDATE loket_replica SET clock = max(clock, ?)")
        update.bind(1, clock.last.packed)
        try update.execute()
    }

    // MARK: Merging

    /// Applies a remote changeset in one transaction.
    ///
    /// Merging is idempotent, commutative and associative: merging the same changeset
    /// twice changes nothing the second time, and changesets merged in any order give
    /// the same tables. A change that cannot be applied — its clock beyond the maximum
    /// drift, an unknown collection, a field of another kind, a malformed change — is
    /// kept in the quarantine with its reason, and the rest is applied.
    @discardableResult
    public func merge(_ changeset: Changeset) throws -> MergeReport {
        try merge(contentsOf: [changeset])
    }

    /// Applies several changesets in one transaction, as if merged one after the other
    /// (the pages of one export, or what several peers sent): each record is written once,
    /// however many of them touch it. Their version-vector claims are taken in order.
    ///
    /// `settings` are written in the same transaction (see ``setSettings(_:)``): a sync
    /// cursor saved this way is never ahead of the changes it stands for.
    @discardableResult
    public func merge(contentsOf changesets: [Changeset], settings: [String: String?] = [:]) throws -> MergeReport {
        let report: MergeReport = try translatingDatabaseErrors {
            try pool.write { db in
                try Self.write(settings, in: db)
                let header = try loadHeader(db)
                let wall = header.corrected(configuration.wallClock.nowMilliseconds())
                var clock = header.clock
                let records = RecordStore(db: db, schema: schema, tableSQL: tableSQL)
                // Changes held back for a clock too far ahead go first once the clock is there.
                var report = try releaseClockDrift(db, records: records, clock: &clock, wall: wall)
                let applied = try apply(changesets, records: records, clock: &clock, wall: wall)
                report += applied.report
                for (change, code, reason) in applied.refused {
                    try Self.quarantine(db, change, code: code, reason: reason, wall: wall)
                }
                try saveClock(db, clock)
                for (index, changeset) in changesets.enumerated() {
                    try advanceVersionVector(db, by: changeset, taken: applied.taken[index], wall: wall)
                }
                return report
            }
        }
        if report.quarantined > 0 {
            logger.warning(
                "changes quarantined", metadata: ["merge.quarantined": "\(report.quarantined)", "replica.id": "\(id)"])
        }
        logger.debug(
            "merged", metadata: ["merge.applied": "\(report.applied)", "merge.unchanged": "\(report.unchanged)"])
        return report
    }

    /// Raises the version vector where a merged changeset completes what this replica had,
    /// as far as the changes it took back the claim (see ``Changeset/advancing(_:taken:)``).
    /// A page of a paged export is noted; its last page raises the vector only when every
    /// page before it was merged here, with what all of them brought.
    func advanceVersionVector(_ db: Database, by changeset: Changeset, taken: VersionVector, wall: UInt64) throws {
        var taken = taken
        if let page = changeset.page {
            let export = Int64(bitPattern: page.export)
            guard page.isLast else {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO loket_export_pages (export, number, received_at, taken)
                        VALUES (?, ?, ?, ?)
                        """,
                    arguments: [
                        export, Int64(page.number), Int64(clamping: wall),
                        Data(Changeset(upTo: taken, changes: []).encoded()),
                    ])
                return
            }
            let rows = try Row.fetchAll(
                db, sql: "SELECT number, taken FROM loket_export_pages WHERE export = ?", arguments: [export])
            try db.execute(sql: "DELETE FROM loket_export_pages WHERE export = ?", arguments: [export])
            // Pages of exports whose last page never came are forgotten after a week.
            try db.execute(
                sql: "DELETE FROM loket_export_pages WHERE received_at < ?",
                arguments: [Int64(clamping: wall) - 7 * 86_400_000])
            let numbers = Set(rows.map { $0[0] as Int64 })
            guard numbers.count == Int(page.number), numbers.allSatisfy({ $0 >= 0 && $0 < Int64(page.number) }) else {
                logger.warning(
                    "an export's last page came without every page before it; its claim is not taken",
                    metadata: ["export.pages": "\(numbers.count)", "export.last": "\(page.number)"])
                return
            }
            for row in rows {
                if let earlier = try? Changeset(binary: [UInt8](row[1] as Data)) { taken.merge(earlier.upTo) }
            }
        }
        guard !changeset.upTo.entries.isEmpty else { return }
        var local = VersionVector()
        for replica in changeset.upTo.entries.keys {
            if let packed = try Int64.fetchOne(
                db, sql: "SELECT time FROM loket_version_vector WHERE replica = ?", arguments: [replica.rawValue]),
                let time = HybridTime(packed: packed)
            {
                local[replica] = time
            }
        }
        for (replica, time) in changeset.advancing(local, taken: taken).entries where time > local[replica] {
            try db.execute(
                sql: """
                    INSERT INTO loket_version_vector (replica, time) VALUES (?, ?)
                    ON CONFLICT (replica) DO UPDATE SET time = max(time, excluded.time)
                    """, arguments: [replica.rawValue, time.packed])
        }
    }

    /// What ``apply(_:records:clock:wall:)`` did: the counts, the changes refused (with
    /// code and reason), and per changeset the greatest time per origin it took — applied,
    /// already held, or quarantined to be relayed (not a change from a clock too far ahead).
    struct Applied {
        var report = MergeReport()
        var refused: [(Change, String, String)] = []
        var taken: [VersionVector] = []
    }

    /// Applies changes inside a write transaction.
    ///
    /// Changes are taken record by record (sorted by collection and id): each record is
    /// read and written once, and sorted keys visit each B-tree page once.
    func apply(_ changesets: [Changeset], records: RecordStore, clock: inout HybridLogicalClock, wall: UInt64) throws
        -> Applied
    {
        var result = Applied()
        result.taken = Array(repeating: VersionVector(), count: changesets.count)
        // Keys and positions, not whole changes: a change is a large value to copy.
        var accepted: [(collection: String, record: String, changeset: Int, change: Int)] = []
        accepted.reserveCapacity(changesets.reduce(0) { $0 + $1.changes.count })
        var lastCollection: (name: String, schema: CollectionSchema)?
        for (set, changeset) in changesets.enumerated() {
            for (index, change) in changeset.changes.enumerated() {
                if lastCollection?.name != change.collection {
                    lastCollection = schema[change.collection].map { (change.collection, $0) }
                }
                if let (code, reason) = refusal(of: change, in: lastCollection?.schema, clock: clock, wall: wall) {
                    result.refused.append((change, code, reason))
                    result.report.quarantined += 1
                    if Self.isRelayed(code) { result.taken[set].advance(change.origin, to: change.timestamp.time) }
                } else {
                    accepted.append((change.collection, change.recordID, set, index))
                    result.taken[set].advance(change.origin, to: change.timestamp.time)
                }
            }
        }
        // Any order gives the same result; this one keeps each record's changes together.
        // Ids are NFC (every entry normalises them), and Swift orders NFC strings by their
        // scalars, which is the byte order of SQLite's keys — without walking the bytes.
        accepted.sort { a, b in a.collection != b.collection ? a.collection < b.collection : a.record < b.record }
        var origins = Set<ReplicaID>()
        var lastOrigin: ReplicaID?
        for position in accepted {
            let change = changesets[position.changeset].changes[position.change]
            try? clock.receive(change.timestamp, wallMilliseconds: wall)  // checked by refusal(of:)
            if change.origin != lastOrigin, change.origin != id, origins.insert(change.origin).inserted {
                try records.db.cachedStatement(
                    sql: "INSERT OR IGNORE INTO loket_version_vector (replica, time) VALUES (?, 0)"
                )
                .execute(arguments: [change.origin.rawValue])
            }
            lastOrigin = change.origin
            switch try records.apply(change) {
            case .applied: result.report.applied += 1
            case .unchanged: result.report.unchanged += 1
            }
        }
        try records.flush()
        return result
    }

    /// Why a change cannot be applied here, or `nil` when it can. `collection` is the
    /// schema of the change's collection, if declared.
    func refusal(of change: Change, in collection: CollectionSchema?, clock: HybridLogicalClock, wall: UInt64) -> (
        String, String
    )? {
        do { try change.validate() } catch { return ("malformed", error.description) }
        do { try clock.check(change.timestamp, wallMilliseconds: wall) } catch {
            return ("clock-drift", error.description)
        }
        guard let collection else {
            return ("unknown-collection", "collection \"\(change.collection)\" is not in this replica's schema")
        }
        if let field = change.operation.field, let declared = collection.fields[field],
            declared != change.operation.fieldKind
        {
            return (
                "kind-mismatch",
                "\(change.collection).\(field) is a \(declared) here, but the change is a \(change.operation.fieldKind!) operation"
            )
        }
        if case .counter(_, let increments, let decrements) = change.operation,
            increments > UInt64(Int64.max) || decrements > UInt64(Int64.max)
        {
            return ("out-of-range", "counter totals above 2^63 - 1")
        }
        return nil
    }

    // MARK: Quarantine

    /// Every change in the quarantine, oldest first.
    public func quarantine() throws -> [QuarantinedChange] {
        try translatingDatabaseErrors {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT id, received_at, reason_code, reason, payload FROM loket_quarantine ORDER BY id"
                )
                .map { row in
                    let payload = [UInt8](row[4] as Data)
                    guard let change = try? Changeset(binary: payload).changes.first else {
                        throw StoreError(.notAReplica, "quarantine entry \(row[0] as Int64) is damaged")
                    }
                    return QuarantinedChange(
                        id: row[0], receivedAt: UInt64(max(0, row[1] as Int64)), reasonCode: row[2], reason: row[3],
                        change: change)
                }
            }
        }
    }

    /// Tries every quarantined change again (after the schema grew, or the clock caught
    /// up); those that apply now leave the quarantine.
    @discardableResult
    public func retryQuarantine() throws -> MergeReport {
        let entries = try quarantine()
        guard !entries.isEmpty else { return MergeReport() }
        return try translatingDatabaseErrors {
            try pool.write { db in
                let header = try loadHeader(db)
                let wall = header.corrected(configuration.wallClock.nowMilliseconds())
                var clock = header.clock
                let records = RecordStore(db: db, schema: schema, tableSQL: tableSQL)
                var total = MergeReport()
                for entry in entries {
                    let report = try apply(
                        [Changeset(changes: [entry.change])], records: records, clock: &clock, wall: wall
                    ).report
                    if report.quarantined == 0 {
                        try db.execute(sql: "DELETE FROM loket_quarantine WHERE id = ?", arguments: [entry.id])
                    }
                    total += report
                }
                try saveClock(db, clock)
                return total
            }
        }
    }

    // MARK: Outbox

    /// The oldest local write transactions not yet acknowledged, at most `limit`, from
    /// the first numbered after `sequence`.
    public func outbox(limit: Int = 100, after sequence: Int64 = 0) throws -> [OutboxEntry] {
        try translatingDatabaseErrors {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT seq, time, change_count, payload FROM loket_outbox WHERE seq > ? ORDER BY seq LIMIT ?",
                    arguments: [sequence, limit]
                ).map { row in
                    OutboxEntry(
                        sequence: row[0], time: HybridTime(packed: row[1]) ?? .zero, payload: [UInt8](row[3] as Data),
                        changeCount: row[2])
                }
            }
        }
    }

    /// How many write transactions wait in the outbox (numbered after `sequence`).
    public func outboxCount(after sequence: Int64 = 0) throws -> Int {
        try translatingDatabaseErrors {
            try pool.read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM loket_outbox WHERE seq > ?", arguments: [sequence]) ?? 0
            }
        }
    }

    /// Trims the outbox through `sequence` once the hub has acknowledged it; returns how
    /// many entries were removed. Acknowledging twice is harmless.
    ///
    /// Changes the hub refused go into the quarantine in the same transaction, each with
    /// its reason code and reason, so they are neither lost nor sent again.
    @discardableResult
    public func acknowledgeOutbox(
        through sequence: Int64, refused: [(change: Change, code: String, reason: String)] = []
    )
        throws -> Int
    {
        let wall = configuration.wallClock.nowMilliseconds()
        return try translatingDatabaseErrors {
            try pool.write { db in
                for (change, code, reason) in refused {
                    try Self.quarantine(db, change, code: code, reason: reason, wall: wall)
                }
                // The trimmed rows' times live on in the replica row (see loadHeader).
                try db.execute(
                    sql: """
                        UPDATE loket_replica SET
                            clock = max(clock, ifnull((SELECT max(time) FROM loket_outbox WHERE seq <= ?1), 0)),
                            own_time = max(own_time, ifnull((SELECT max(time) FROM loket_outbox WHERE seq <= ?1), 0)),
                            outbox_spent = max(outbox_spent, ifnull((SELECT max(seq) FROM loket_outbox WHERE seq <= ?1), 0))
                        """, arguments: [sequence])
                try db.execute(sql: "DELETE FROM loket_outbox WHERE seq <= ?", arguments: [sequence])
                return db.changesCount
            }
        }
    }

    // MARK: Reading

    /// Runs plain SQL reads on a consistent snapshot: `SELECT * FROM devices WHERE …`.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingDatabaseErrors { try pool.read(body) }
    }

    /// The replica's version vector: per origin, the time up to which it holds everything.
    public func versionVector() throws -> VersionVector {
        try translatingDatabaseErrors { try pool.read { try Self.versionVector(in: $0) } }
    }

    static func versionVector(in db: Database) throws -> VersionVector {
        var vector = VersionVector()
        for row in try Row.fetchAll(db, sql: "SELECT replica, time FROM loket_version_vector WHERE time > 0") {
            guard let replica = try? ReplicaID(row[0] as String), let time = HybridTime(packed: row[1]) else {
                throw StoreError(.notAReplica, "the version vector table is damaged")
            }
            vector[replica] = time
        }
        // This replica's own entry is the time of its last local change.
        if let row = try Row.fetchOne(
            db,
            sql: """
                SELECT replica_id, max(own_time, ifnull((SELECT time FROM loket_outbox ORDER BY seq DESC LIMIT 1), 0))
                FROM loket_replica
                """),
            let replica = try? ReplicaID(row[0] as String), let own = HybridTime(packed: row[1])
        {
            vector.advance(replica, to: own)
            // Not beyond a change held back for clock drift: it is not held yet.
            try holdBack(&vector, in: db, own: replica)
        }
        return vector
    }

    /// The durability settings of the connection that writes: `journal_mode` and
    /// `synchronous` (2 is FULL). For diagnostics and tests.
    public func writerDurability() throws -> (journalMode: String, synchronous: Int) {
        try translatingDatabaseErrors {
            try pool.writeWithoutTransaction { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                    try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
                )
            }
        }
    }

    /// Closes the database. Using the replica afterwards throws.
    public func close() throws {
        try translatingDatabaseErrors { try pool.close() }
    }

    func translatingDatabaseErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw StoreError(.database, "SQLite error on \(path): \(error.message ?? error.description)")
        }
    }
}
