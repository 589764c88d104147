import Foundation
public import Logging
public import LoketProtocol
public import LoketSync
import NIOCore
import NIOSSL
import PostgresNIO

/// The hub's state in PostgreSQL, for fleets served by several hub processes behind a load
/// balancer. Same tables and answers as ``SQLiteHubStore``; the row lock on `hub_state`
/// serialises appends to the log, so cursors commit in order and a pull never skips one.
public final class PostgresHubStore: HubStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger
    let description: String
    let pushes = GroupWriter<PushJob, PushReceipt>()
    /// One connection's settings, to tell at start why the server cannot be reached.
    let probe: PostgresConnection.Configuration

    /// - Parameter url: `postgres://user[:password]@host[:port]/database[?sslmode=…][&sslrootcert=FILE]`; see
    ///   ``sslMode(of:)``.
    public init(url: String, logger: Logger) throws {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
            let user = components.user
        else {
            throw HubError(
                status: 500, code: "bad-store",
                "--store must look like postgres://user:password@host:5432/database, got \(HubSetup.redact(url))")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let mode = try Self.sslMode(of: url)
        var verified = TLSConfiguration.makeClientConfiguration()
        if let root = components.queryItems?.first(where: { $0.name == "sslrootcert" })?.value {
            verified.trustRoots = .file(root)
        }
        var unverified = verified
        unverified.certificateVerification = .none
        var chainOnly = verified
        chainOnly.certificateVerification = .noHostnameVerification
        let tls: PostgresClient.Configuration.TLS
        let chosen: TLSConfiguration?
        switch mode {
        case "disable": (tls, chosen) = (.disable, nil)
        case "prefer": (tls, chosen) = (.prefer(unverified), unverified)
        case "require": (tls, chosen) = (.require(unverified), unverified)
        case "verify-ca": (tls, chosen) = (.require(chainOnly), chainOnly)
        default: (tls, chosen) = (.require(verified), verified)  // verify-full
        }
        let port = components.port ?? 5432
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: tls)
        configuration.options.maximumConnections = 16
        // The same settings for one connection made by hand: it fails at once with the
        // reason (a certificate refused, a server without TLS), where the pool retries.
        let probeTLS: PostgresConnection.Configuration.TLS
        do {
            probeTLS =
                switch (mode, chosen) {
                case (_, nil): .disable
                case ("prefer", let chosen?): .prefer(try NIOSSLContext(configuration: chosen))
                case (_, let chosen?): .require(try NIOSSLContext(configuration: chosen))
                }
        } catch {
            throw HubError(
                status: 500, code: "bad-store", "the TLS settings of \(HubSetup.redact(url)) cannot be used: \(error)")
        }
        probe = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: probeTLS)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.description = HubSetup.redact(url)
        runner = Task { await client.run() }
        pushes.store = { [unowned self] jobs in
            try await self.client.withTransaction(logger: self.logger) { connection in
                // hub_state first: every group, in any hub process, then takes the terminals'
                // row locks while holding it, so two groups never wait on each other in a cycle.
                try await connection.query(
                    "SELECT 1 FROM hub_state WHERE singleton = 1 FOR UPDATE", logger: self.logger)
                var results: [Result<PushReceipt, HubError>] = []
                for job in jobs {
                    // A refusal is decided before the job writes anything but its nonce.
                    do {
                        results.append(.success(try await Self.storePush(job, on: connection, logger: self.logger)))
                    } catch let error as HubError { results.append(.failure(error)) }
                }
                return results
            }
        }
    }

    /// The TLS mode of a store URL, as libpq names them: `disable`, `prefer`, `require`
    /// (encrypted, the certificate not checked), `verify-ca` (its chain checked) or
    /// `verify-full` (chain and host name checked; the CA from `sslrootcert=FILE` or the
    /// system's). Without `sslmode`: `prefer` for a server on this machine, `verify-full`
    /// for any other — a weaker mode for a server elsewhere must be asked for by name.
    public static func sslMode(of url: String) throws -> String {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased() else {
            throw HubError(
                status: 500, code: "bad-store",
                "--store must look like postgres://user:password@host:5432/database, got \(HubSetup.redact(url))")
        }
        let modes = ["disable", "prefer", "require", "verify-ca", "verify-full"]
        if let given = components.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            guard modes.contains(given) else {
                throw HubError(
                    status: 500, code: "bad-store",
                    "sslmode must be one of \(modes.joined(separator: ", ")), got \(given)")
            }
            return given
        }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        let local =
            host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("/")
            || (parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil })
        return local ? "prefer" : "verify-full"
    }

    static let schema: [PostgresQuery] = [
        "CREATE TABLE IF NOT EXISTS hub_documents (name TEXT PRIMARY KEY, body BYTEA NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS hub_state (
            singleton INT PRIMARY KEY CHECK (singleton = 1), last_cursor BIGINT NOT NULL, horizon BIGINT NOT NULL)
        """,
        "INSERT INTO hub_state VALUES (1, 0, 0) ON CONFLICT DO NOTHING",
        """
        CREATE TABLE IF NOT EXISTS hub_keys (
            key_id TEXT PRIMARY KEY, role TEXT NOT NULL, branch TEXT, public_key TEXT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS hub_enrolments (
            code_digest TEXT PRIMARY KEY, terminal TEXT NOT NULL, scopes TEXT NOT NULL, collections TEXT NOT NULL,
            expires_ms BIGINT NOT NULL, created_by TEXT NOT NULL, redeemed_ms BIGINT, public_key TEXT, replica_id TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS hub_terminals (
            name TEXT PRIMARY KEY, public_key TEXT NOT NULL, replica_id TEXT NOT NULL, scopes TEXT NOT NULL,
            collections TEXT NOT NULL, pushed_seq BIGINT NOT NULL, acked_cursor BIGINT NOT NULL,
            last_seen_ms BIGINT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS hub_nonces (
            principal TEXT NOT NULL, nonce TEXT NOT NULL, time_ms BIGINT NOT NULL, PRIMARY KEY (principal, nonce))
        """,
        "CREATE INDEX IF NOT EXISTS hub_nonces_time ON hub_nonces (time_ms)",
        """
        CREATE TABLE IF NOT EXISTS hub_log (
            cursor BIGINT PRIMARY KEY, scope TEXT NOT NULL, origin TEXT NOT NULL, change_count INT NOT NULL,
            body BYTEA NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS hub_log_scope ON hub_log (scope, cursor)",
        // Origin signatures: the push's signature and manifest, the segment when the body is
        // not all of it, the positions in it not taken ("1,4").
        "ALTER TABLE hub_log ADD COLUMN IF NOT EXISTS attestation BYTEA",
        "ALTER TABLE hub_log ADD COLUMN IF NOT EXISTS segment BYTEA",
        "ALTER TABLE hub_log ADD COLUMN IF NOT EXISTS omitted TEXT",
        // Rows up to here were stored before pushes were signed.
        "ALTER TABLE hub_state ADD COLUMN IF NOT EXISTS signed_from BIGINT",
        "UPDATE hub_state SET signed_from = last_cursor WHERE signed_from IS NULL",
        "CREATE TABLE IF NOT EXISTS hub_origin_keys (replica_id TEXT PRIMARY KEY, public_key TEXT NOT NULL)",
        """
        INSERT INTO hub_origin_keys (replica_id, public_key) SELECT DISTINCT ON (replica_id) replica_id, public_key
        FROM hub_terminals ON CONFLICT DO NOTHING
        """,
        """
        CREATE TABLE IF NOT EXISTS hub_refusals (
            terminal TEXT NOT NULL, sequence BIGINT NOT NULL, idx INT NOT NULL, code TEXT NOT NULL,
            reason TEXT NOT NULL, PRIMARY KEY (terminal, sequence, idx))
        """,
        """
        CREATE TABLE IF NOT EXISTS hub_records (
            collection TEXT COLLATE "C" NOT NULL, record TEXT COLLATE "C" NOT NULL, scope TEXT NOT NULL,
            state BYTEA NOT NULL, PRIMARY KEY (collection, record))
        """,
        "CREATE INDEX IF NOT EXISTS hub_records_scope ON hub_records (scope, collection, record)",
        """
        CREATE TABLE IF NOT EXISTS hub_owners (
            collection TEXT COLLATE "C" NOT NULL, record TEXT COLLATE "C" NOT NULL, scope TEXT NOT NULL,
            PRIMARY KEY (collection, record))
        """,
    ]

    public func prepare() async throws {
        try await checkConnection()
        try await translating {
            try await client.withTransaction(logger: logger) { connection in
                // Two hubs starting at once must not both create the tables.
                try await connection.query("SELECT pg_advisory_xact_lock(8470)", logger: logger)
                var hadOwners = false
                for try await present in try await connection.query(
                    "SELECT to_regclass('hub_owners') IS NOT NULL", logger: logger
                ).decode(Bool.self) {
                    hadOwners = present
                }
                for statement in Self.schema { try await connection.query(statement, logger: logger) }
                if !hadOwners { try await Self.fillOwners(on: connection, logger: logger) }
            }
        }
    }

    /// Fills `hub_owners` of a store made before it existed: the folded records' scopes,
    /// then the scope of each other record's first change in the log.
    static func fillOwners(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO hub_owners (collection, record, scope) SELECT collection, record, scope FROM hub_records
            ON CONFLICT DO NOTHING
            """, logger: logger)
        // Only the owners are kept while the rows stream by (one query at a time on a connection).
        var seen = Set<RecordOwners.Key>()
        var owners: [(key: RecordOwners.Key, scope: String)] = []
        for try await (cursor, body) in try await connection.query(
            "SELECT cursor, body FROM hub_log ORDER BY cursor", logger: logger
        ).decode((Int64, ByteBuffer).self) {
            let changes = try LogRows.changes(Array(body.readableBytesView), cursor: cursor)
            for owner in RecordOwners.firstScopes(of: changes) where seen.insert(owner.key).inserted {
                owners.append(owner)
            }
        }
        try await insertOwners(owners, moving: false, on: connection, logger: logger)
    }

    /// Records who holds each record, in one statement; `moving` gives a record already
    /// held to the new scope (the hub's own publishes), else it stays where it is.
    static func insertOwners(
        _ owners: [(key: RecordOwners.Key, scope: String)], moving: Bool, on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        guard !owners.isEmpty else { return }
        let collections = owners.map(\.key.collection)
        let records = owners.map(\.key.record)
        let scopes = owners.map(\.scope)
        if moving {
            try await connection.query(
                """
                INSERT INTO hub_owners (collection, record, scope)
                SELECT c, r, s FROM unnest(\(collections)::text[], \(records)::text[], \(scopes)::text[]) AS t (c, r, s)
                ON CONFLICT (collection, record) DO UPDATE SET scope = excluded.scope
                WHERE hub_owners.scope <> excluded.scope
                """, logger: logger)
        } else {
            try await connection.query(
                """
                INSERT INTO hub_owners (collection, record, scope)
                SELECT c, r, s FROM unnest(\(collections)::text[], \(records)::text[], \(scopes)::text[]) AS t (c, r, s)
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    /// The entries with every change to a record another scope holds refused, and the
    /// records no scope held yet claimed for the scope of their first change. The caller's
    /// transaction holds `hub_state`, so no other push claims a record meanwhile.
    static func enforceOwners(_ entries: [DecidedEntry], on connection: PostgresConnection, logger: Logger)
        async throws -> [DecidedEntry]
    {
        let claims = RecordOwners.claims(entries)
        guard !claims.isEmpty else { return entries }
        var owners: [RecordOwners.Key: String] = [:]
        var stored = Set<RecordOwners.Key>()
        for (key, scope) in claims { owners[key] = scope }
        let collections = claims.map(\.key.collection)
        let records = claims.map(\.key.record)
        let scopes = claims.map(\.scope)
        // One round trip: the records no scope held yet are claimed for the scope of their
        // first change (the CTE's insert), and the owners of the others read (the main
        // query's snapshot does not see the rows the CTE inserts).
        for try await (collection, record, scope) in try await connection.query(
            """
            WITH k (c, r, s) AS (
                SELECT * FROM unnest(\(collections)::text[], \(records)::text[], \(scopes)::text[])
            ), claimed AS (
                INSERT INTO hub_owners (collection, record, scope) SELECT c, r, s FROM k ON CONFLICT DO NOTHING
            )
            SELECT o.collection, o.record, o.scope
            FROM hub_owners o JOIN k ON o.collection = k.c AND o.record = k.r
            """, logger: logger
        ).decode((String, String, String).self) {
            owners[RecordOwners.Key(collection: collection, record: record)] = scope
            stored.insert(RecordOwners.Key(collection: collection, record: record))
        }
        return RecordOwners.enforce(entries, owners: owners, stored: stored)
    }

    /// Connects once, by hand, and closes: a wrong address, password or certificate is an
    /// error naming the reason at once (the pool would retry without end).
    func checkConnection() async throws {
        do {
            let connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger)
            try await connection.close()
        } catch {
            let detail =
                if let psql = error as? PSQLError {
                    psql.serverInfo?[.message] ?? psql.underlying.map { "\($0)" } ?? "\(psql.code)"
                } else { "\(error)" }
            throw HubError(
                status: 503, code: "store-unavailable", "cannot connect to the hub store \(description): \(detail)")
        }
    }

    public func ping() async throws {
        _ = try await translating { try await client.query("SELECT 1", logger: logger) }
    }

    public func addKey(_ key: KeyRecord) async throws {
        try await translating {
            let rows = try await client.query(
                """
                INSERT INTO hub_keys (key_id, role, branch, public_key)
                VALUES (\(key.keyID), \(key.role.rawValue), \(key.branch), \(key.publicKey))
                ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger)
            var inserted = false
            for try await _ in rows { inserted = true }
            guard inserted else {
                throw HubError.conflict("key-exists", "a key named \(key.keyID) is already registered")
            }
        }
    }

    public func removeKey(id: String) async throws -> Bool {
        try await translating {
            var removed = false
            for try await _ in try await client.query(
                "DELETE FROM hub_keys WHERE key_id = \(id) RETURNING 1", logger: logger)
            {
                removed = true
            }
            return removed
        }
    }

    public func key(id: String) async throws -> KeyRecord? {
        try await translating {
            let rows = try await client.query(
                "SELECT key_id, role, branch, public_key FROM hub_keys WHERE key_id = \(id)", logger: logger)
            for try await (keyID, role, branch, publicKey) in rows.decode((String, String, String?, String).self) {
                return KeyRecord(
                    keyID: keyID, role: KeyRecord.Role(rawValue: role) ?? .staff, branch: branch, publicKey: publicKey)
            }
            return nil
        }
    }

    typealias TerminalRow = (String, String, String, String, String, Int64, Int64, Int64)

    static func terminal(_ row: TerminalRow) throws -> TerminalRecord {
        TerminalRecord(
            name: row.0, publicKey: row.1, replicaID: row.2, scopes: try LogRows.decodeList(row.3),
            collections: try LogRows.decodeList(row.4), pushedSequence: row.5, acknowledgedCursor: row.6,
            lastSeenMilliseconds: row.7)
    }

    static func terminal(named name: String, on connection: PostgresConnection, logger: Logger) async throws
        -> TerminalRecord?
    {
        let rows = try await connection.query(
            """
            SELECT name, public_key, replica_id, scopes, collections, pushed_seq, acked_cursor, last_seen_ms
            FROM hub_terminals WHERE name = \(name)
            """, logger: logger)
        for try await row in rows.decode(TerminalRow.self) { return try terminal(row) }
        return nil
    }

    public func terminal(named name: String) async throws -> TerminalRecord? {
        try await translating {
            try await client.withConnection { try await Self.terminal(named: name, on: $0, logger: logger) }
        }
    }

    public func terminals() async throws -> [TerminalRecord] {
        try await translating {
            let rows = try await client.query(
                """
                SELECT name, public_key, replica_id, scopes, collections, pushed_seq, acked_cursor, last_seen_ms
                FROM hub_terminals ORDER BY name
                """, logger: logger)
            var out: [TerminalRecord] = []
            for try await row in rows.decode(TerminalRow.self) { out.append(try Self.terminal(row)) }
            return out
        }
    }

    public func document(named name: String) async throws -> [UInt8]? {
        try await translating {
            var body: [UInt8]?
            for try await value in try await client.query(
                "SELECT body FROM hub_documents WHERE name = \(name)", logger: logger
            ).decode(ByteBuffer.self) {
                body = Array(value.readableBytesView)
            }
            return body
        }
    }

    public func replaceDocument(named name: String, with body: [UInt8], expected: [UInt8]?) async throws -> Bool {
        try await translating {
            try await client.withConnection { connection in
                try await Self.compareAndSet(name, body, expected: expected, on: connection, logger: self.logger)
            }
        }
    }

    public func deleteDocument(named name: String) async throws -> Bool {
        try await translating {
            try await client.withConnection { connection in
                let rows = try await connection.query(
                    "DELETE FROM hub_documents WHERE name = \(name) RETURNING 1", logger: self.logger)
                var deleted = false
                for try await _ in rows { deleted = true }
                return deleted
            }
        }
    }

    /// Writes document `name` when it still is `expected`; `false`, writing nothing, when not.
    static func compareAndSet(
        _ name: String, _ body: [UInt8], expected: [UInt8]?, on connection: PostgresConnection, logger: Logger
    ) async throws -> Bool {
        let buffer = ByteBuffer(bytes: body)
        let rows: PostgresRowSequence
        if let expected {
            rows = try await connection.query(
                """
                UPDATE hub_documents SET body = \(buffer)
                WHERE name = \(name) AND body = \(ByteBuffer(bytes: expected)) RETURNING 1
                """, logger: logger)
        } else {
            rows = try await connection.query(
                """
                INSERT INTO hub_documents (name, body) VALUES (\(name), \(buffer))
                ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger)
        }
        var replaced = false
        for try await _ in rows { replaced = true }
        return replaced
    }

    public func documents(prefix: String) async throws -> [(name: String, body: [UInt8])] {
        try await translating {
            var result: [(name: String, body: [UInt8])] = []
            for try await (name, body) in try await client.query(
                """
                SELECT name, body FROM hub_documents WHERE left(name, length(\(prefix))) = \(prefix) ORDER BY name
                """, logger: logger
            ).decode((String, ByteBuffer).self) {
                result.append((name, Array(body.readableBytesView)))
            }
            return result
        }
    }

    public func publish(
        _ changes: [Change], origin: String, replacing name: String, with body: [UInt8], expected: [UInt8]?
    ) async throws -> Bool {
        try await translating {
            try await client.withTransaction(logger: logger) { connection in
                // hub_state first, as every push group does: one lock order, no deadlock.
                try await connection.query(
                    "SELECT 1 FROM hub_state WHERE singleton = 1 FOR UPDATE", logger: self.logger)
                guard
                    try await Self.compareAndSet(name, body, expected: expected, on: connection, logger: self.logger)
                else { return false }
                try await Self.appendLog(
                    LogRows.rows(changes: changes), origin: origin, moveOwners: true, on: connection,
                    logger: self.logger)
                return true
            }
        }
    }

    /// Appends `rows` to the log under the next cursors, in one statement. The caller's
    /// transaction holds `hub_state`: cursors commit in order. `moveOwners`: the hub's own
    /// changes, which give each record their scope; a push's owners were claimed already
    /// by ``enforceOwners(_:on:logger:)``.
    static func appendLog(
        _ rows: [LogRow], origin: String, moveOwners: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !rows.isEmpty else { return }
        var last: Int64 = 0
        for try await value in try await connection.query(
            """
            UPDATE hub_state SET last_cursor = last_cursor + \(Int64(rows.count))
            WHERE singleton = 1 RETURNING last_cursor
            """, logger: logger
        ).decode(Int64.self) {
            last = value
        }
        let first = last - Int64(rows.count) + 1
        let cursors = Array(first...last)
        let scopes = rows.map(\.scope)
        let counts = rows.map { Int32($0.changes.count) }
        let bodies = rows.map { ByteBuffer(bytes: $0.body) }
        // Absent values travel as empty ones (arrays hold no NULLs here).
        let attestations = rows.map { ByteBuffer(bytes: $0.attestation ?? []) }
        let segments = rows.map { ByteBuffer(bytes: $0.segment ?? []) }
        let omitted = rows.map { $0.omittedText ?? "" }
        // Every row in one statement: one round trip however long the batch.
        try await connection.query(
            """
            INSERT INTO hub_log (cursor, scope, origin, change_count, body, attestation, segment, omitted)
            SELECT c, s, \(origin), n, b, NULLIF(g, ''::bytea), NULLIF(x, ''::bytea), NULLIF(o, '')
            FROM unnest(
                \(cursors)::int8[], \(scopes)::text[], \(counts)::int4[], \(bodies)::bytea[], \(attestations)::bytea[],
                \(segments)::bytea[], \(omitted)::text[]) AS t (c, s, n, b, g, x, o)
            """, logger: logger)
        guard moveOwners else { return }
        // Only the hub's own publishes move a record.
        try await insertOwners(
            RecordOwners.firstScopes(of: rows.lazy.flatMap(\.changes)), moving: true, on: connection, logger: logger)
    }

    public func removeTerminal(named name: String) async throws -> Bool {
        try await translating {
            var removed = false
            for try await _ in try await client.query(
                "DELETE FROM hub_terminals WHERE name = \(name) RETURNING 1", logger: logger)
            {
                removed = true
            }
            return removed
        }
    }

    public func createEnrolment(_ enrolment: PendingEnrolment) async throws {
        _ = try await translating {
            try await client.query(
                """
                INSERT INTO hub_enrolments (code_digest, terminal, scopes, collections, expires_ms, created_by)
                VALUES (\(enrolment.codeDigest), \(enrolment.terminal), \(LogRows.encodeList(enrolment.scopes)),
                        \(LogRows.encodeList(enrolment.collections)), \(enrolment.expiresAtMilliseconds),
                        \(enrolment.createdBy))
                """, logger: logger)
        }
    }

    public func redeemEnrolment(codeDigest: String, publicKey: String, replicaID: String, nowMilliseconds: Int64)
        async throws -> TerminalRecord
    {
        try await translating {
            try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    """
                    SELECT terminal, scopes, collections, expires_ms, redeemed_ms, public_key, replica_id
                    FROM hub_enrolments WHERE code_digest = \(codeDigest) FOR UPDATE
                    """, logger: logger)
                var found: (String, String, String, Int64, Int64?, String?, String?)?
                for try await row in rows.decode((String, String, String, Int64, Int64?, String?, String?).self) {
                    found = row
                }
                guard let row = found else { throw HubError.unknownCode }
                let terminal = row.0
                // A used code is answered again (a terminal whose first answer was lost asks
                // once more) only while it is valid: the answer carries the card key.
                guard nowMilliseconds < row.3 else { throw HubError.expiredCode }
                if row.4 != nil {
                    guard row.5 == publicKey, row.6 == replicaID,
                        let existing = try await Self.terminal(named: terminal, on: connection, logger: logger)
                    else { throw HubError.usedCode }
                    return existing
                }
                // Enrolments naming the same replica id wait for each other (the lock ends with
                // the transaction), so two at once cannot both take it.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(replicaID)))", logger: logger)
                let taken = try await connection.query(
                    """
                    SELECT 1 FROM hub_terminals WHERE replica_id = \(replicaID) AND name <> \(terminal)
                    UNION ALL
                    SELECT 1 FROM hub_enrolments WHERE replica_id = \(replicaID) AND terminal <> \(terminal)
                    LIMIT 1
                    """, logger: logger)
                for try await _ in taken.decode(Int.self) { throw HubError.replicaIDTaken(replicaID) }
                // One key per replica id, for good: what it signed stays checkable.
                for try await key in try await connection.query(
                    """
                    INSERT INTO hub_origin_keys (replica_id, public_key) VALUES (\(replicaID), \(publicKey))
                    ON CONFLICT (replica_id) DO UPDATE SET public_key = hub_origin_keys.public_key
                    RETURNING public_key
                    """, logger: logger
                ).decode(String.self) where key != publicKey {
                    throw HubError.replicaKeyTaken(replicaID)
                }
                try await connection.query(
                    """
                    UPDATE hub_enrolments SET redeemed_ms = \(nowMilliseconds), public_key = \(publicKey),
                        replica_id = \(replicaID) WHERE code_digest = \(codeDigest)
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO hub_terminals
                        (name, public_key, replica_id, scopes, collections, pushed_seq, acked_cursor, last_seen_ms)
                    VALUES (\(terminal), \(publicKey), \(replicaID), \(row.1), \(row.2), 0, 0, \(nowMilliseconds))
                    ON CONFLICT (name) DO UPDATE SET
                        public_key = excluded.public_key, scopes = excluded.scopes,
                        collections = excluded.collections, last_seen_ms = excluded.last_seen_ms,
                        pushed_seq = CASE WHEN hub_terminals.replica_id = excluded.replica_id
                                          THEN hub_terminals.pushed_seq ELSE 0 END,
                        replica_id = excluded.replica_id
                    """, logger: logger)
                guard let record = try await Self.terminal(named: terminal, on: connection, logger: logger) else {
                    throw HubError.unknownCode
                }
                return record
            }
        }
    }

    public func useNonce(_ nonce: RequestNonce) async throws -> Bool {
        try await translating {
            try await client.withConnection { connection in try await Self.record(nonce, on: connection, logger: logger)
            }
        }
    }

    /// Inserts a nonce; `false` when it was there (a replay).
    static func record(_ nonce: RequestNonce, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            """
            INSERT INTO hub_nonces (principal, nonce, time_ms)
            VALUES (\(nonce.principal), \(nonce.nonce), \(nonce.timeMilliseconds))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        var inserted = false
        for try await _ in rows { inserted = true }
        return inserted
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

    /// Stores one push inside the transaction a group of pushes shares (group commit: one
    /// lock on `hub_state` and one disk sync for the group).
    static func storePush(_ job: PushJob, on connection: PostgresConnection, logger: Logger) async throws
        -> PushReceipt
    {
        let (terminal, replicaID, entries, nowMilliseconds, nonce) =
            (job.terminal, job.replicaID, job.entries, job.now, job.nonce)
        if let nonce, try await !Self.record(nonce, on: connection, logger: logger) {
            throw HubError.replayed(nonce)
        }
        // Locks the terminal's row: a retry arriving at another hub process waits here.
        var pushed: Int64?
        for try await value in try await connection.query(
            """
            SELECT pushed_seq FROM hub_terminals WHERE name = \(terminal) AND replica_id = \(replicaID)
            FOR UPDATE
            """, logger: logger
        ).decode(Int64.self) {
            pushed = value
        }
        guard let pushed else {
            throw HubError.notEnrolled(terminal: terminal, replicaID: replicaID)
        }
        let fresh = try await enforceOwners(
            entries.filter { $0.sequence > pushed }, on: connection, logger: logger)
        var accepted = 0
        if !fresh.isEmpty {
            let rows = LogRows.rows(fresh, segments: job.segments, attestation: job.attestation)
            accepted = rows.reduce(0) { $0 + $1.changes.count }
            try await appendLog(rows, origin: replicaID, moveOwners: false, on: connection, logger: logger)
            for entry in fresh {
                for refused in entry.refused {
                    try await connection.query(
                        """
                        INSERT INTO hub_refusals (terminal, sequence, idx, code, reason)
                        VALUES (\(terminal), \(refused.sequence), \(refused.index), \(refused.code), \(refused.reason))
                        ON CONFLICT (terminal, sequence, idx) DO UPDATE SET
                            code = excluded.code, reason = excluded.reason
                        """, logger: logger)
                }
            }
            try await connection.query(
                """
                UPDATE hub_terminals SET pushed_seq = \(fresh.last!.sequence), last_seen_ms = \(nowMilliseconds)
                WHERE name = \(terminal)
                """, logger: logger)
        }
        let first = entries.first?.sequence ?? pushed + 1
        let last = entries.last?.sequence ?? pushed
        try await connection.query(
            "DELETE FROM hub_refusals WHERE terminal = \(terminal) AND sequence < \(first)", logger: logger)
        var refused: [Refusal] = []
        for try await (sequence, index, code, reason) in try await connection.query(
            """
            SELECT sequence, idx, code, reason FROM hub_refusals
            WHERE terminal = \(terminal) AND sequence BETWEEN \(first) AND \(last) ORDER BY sequence, idx
            """, logger: logger
        ).decode((Int64, Int32, String, String).self) {
            refused.append(Refusal(sequence: sequence, index: Int(index), code: code, reason: reason))
        }
        return PushReceipt(acknowledgedThrough: max(last, pushed), accepted: accepted, refused: refused)
    }

    public func pull(
        terminal: String, excludingOrigin: String?, scopes: [String], after cursor: Int64, limit: Int,
        nowMilliseconds: Int64, nonce: RequestNonce?
    ) async throws -> PullPage {
        try await translating {
            try await client.withConnection { connection in
                // One statement, committed without waiting for the disk (as SQLite's light
                // writes): the nonce, the cursors, what the terminal acknowledged.
                let nonceRow =
                    nonce.map { ($0.principal, $0.nonce, $0.timeMilliseconds) } ?? ("", "", Int64(0))
                var start: (Int64, Int64, Int64, Int64?, Int64?, String, Int64?)?
                for try await row in try await connection.query(
                    """
                    WITH light AS (SELECT set_config('synchronous_commit', 'off', true) AS value),
                    fresh AS (
                        INSERT INTO hub_nonces (principal, nonce, time_ms)
                        SELECT \(nonceRow.0), \(nonceRow.1), \(nonceRow.2) WHERE \(nonce != nil)
                        ON CONFLICT DO NOTHING RETURNING 1
                    )
                    SELECT (SELECT count(*) FROM fresh), s.last_cursor, s.horizon, t.acked_cursor, t.last_seen_ms,
                        (SELECT value FROM light), s.signed_from
                    FROM hub_state s LEFT JOIN hub_terminals t ON t.name = \(terminal)
                    """, logger: logger
                ).decode((Int64, Int64, Int64, Int64?, Int64?, String, Int64?).self) {
                    start = row
                }
                guard let start else { throw HubError.unavailable("the hub store has no state row") }
                if let nonce, start.0 == 0 { throw HubError.replayed(nonce) }
                let (last, horizon) = (start.1, start.2)
                try HubError.checkPull(cursor: cursor, horizon: horizon, last: last)
                if let acked = start.3, let lastSeen = start.4,
                    AcknowledgementRule.needed(cursor: cursor, now: nowMilliseconds, acked: acked, lastSeen: lastSeen)
                {
                    try await connection.query(
                        """
                        WITH light AS (SELECT set_config('synchronous_commit', 'off', true) AS value)
                        UPDATE hub_terminals SET acked_cursor = GREATEST(acked_cursor, \(cursor)),
                            last_seen_ms = GREATEST(last_seen_ms, \(nowMilliseconds))
                        WHERE name = \(terminal) AND EXISTS (SELECT 1 FROM light)
                        """, logger: logger)
                }
                let signedFrom = start.6 ?? 0
                guard !scopes.isEmpty, cursor < last else {
                    return PullPage(segments: [], cursor: last, more: false, signedFrom: signedFrom)
                }
                var segments: [OriginSegment] = []
                var changes = 0
                var reached = cursor
                // Rows after `last` may be visible already; they come next time. Every row holds
                // at least one change, so limit + 1 rows fill the page and tell whether more wait.
                let rows = try await connection.query(
                    """
                    SELECT cursor, origin, scope, change_count, coalesce(segment, body), attestation, omitted
                    FROM hub_log
                    WHERE cursor > \(cursor) AND cursor <= \(last) AND scope = ANY(\(scopes)) AND origin <> \(excludingOrigin ?? "")
                    ORDER BY cursor LIMIT \(limit + 1)
                    """, logger: logger)
                var more = false
                for try await (rowCursor, origin, scope, count, body, attestation, omitted) in rows.decode(
                    (Int64, String, String, Int32, ByteBuffer, ByteBuffer?, String?).self)
                {
                    if more { continue }  // the rest of the limited rows
                    if changes > 0 && changes + Int(count) > limit {
                        more = true
                        continue
                    }
                    segments.append(
                        OriginSegment(
                            cursor: rowCursor, origin: origin, scope: scope, body: Array(body.readableBytesView),
                            attestation: attestation.map { Array($0.readableBytesView) },
                            omitted: try LogRow.omitted(omitted, cursor: rowCursor)))
                    changes += Int(count)
                    reached = rowCursor
                }
                // A garbage collection committed meanwhile may have folded rows this read
                // missed: then the horizon has passed the cursor, and the terminal needs a snapshot.
                for try await horizon in try await connection.query(
                    "SELECT horizon FROM hub_state", logger: logger
                ).decode(Int64.self) {
                    try HubError.checkPull(cursor: cursor, horizon: horizon, last: last)
                }
                return PullPage(segments: segments, cursor: more ? reached : last, more: more, signedFrom: signedFrom)
            }
        }
    }

    public func originKeys(_ origins: [String]) async throws -> [String: String] {
        guard !origins.isEmpty else { return [:] }
        return try await translating {
            try await client.withConnection { connection in
                var keys: [String: String] = [:]
                for try await (origin, key) in try await connection.query(
                    "SELECT replica_id, public_key FROM hub_origin_keys WHERE replica_id = ANY(\(origins))",
                    logger: logger
                ).decode((String, String).self) {
                    keys[origin] = key
                }
                return keys
            }
        }
    }

    public func snapshot(scopes: [String], after: String?, limit: Int) async throws -> SnapshotPage {
        try await translating {
            try await client.withConnection { connection in
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                do {
                    let horizon = try await Self.horizon(on: connection, logger: logger)
                    let (collection, record) = after.flatMap(LogRows.split) ?? ("", "")
                    var changes: [Change] = []
                    var keys: [String] = []
                    for try await (name, id, blob) in try await connection.query(
                        """
                        SELECT collection, record, state FROM hub_records
                        WHERE scope = ANY(\(scopes)) AND (collection, record) > (\(collection), \(record))
                        ORDER BY collection, record LIMIT \(limit + 1)
                        """, logger: logger
                    ).decode((String, String, ByteBuffer).self) {
                        keys.append(LogRows.key(name, id))
                        guard keys.count <= limit else { continue }
                        let state = try LogRows.state(Array(blob.readableBytesView), key: LogRows.key(name, id))
                        changes += state.changes(collection: name, recordID: id, since: VersionVector())
                    }
                    try await connection.query("COMMIT", logger: logger)
                    return SnapshotPage(
                        changes: changes, horizon: horizon, next: keys.count > limit ? keys[limit - 1] : nil)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    /// The horizon, read in the connection's transaction.
    static func horizon(on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        var horizon: Int64 = 0
        for try await value in try await connection.query("SELECT horizon FROM hub_state", logger: logger)
            .decode(Int64.self)
        {
            horizon = value
        }
        return horizon
    }

    public func records(in collections: [String]) async throws -> [(
        collection: String, record: String, state: RecordState
    )] {
        guard !collections.isEmpty else { return [] }
        return try await translating {
            try await client.withConnection { connection in
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                do {
                    let horizon = try await Self.horizon(on: connection, logger: logger)
                    var states: [RecordFolder.Key: RecordState] = [:]
                    for try await (name, id, blob) in try await connection.query(
                        "SELECT collection, record, state FROM hub_records WHERE collection = ANY(\(collections))",
                        logger: logger
                    ).decode((String, String, ByteBuffer).self) {
                        states[RecordFolder.Key(collection: name, record: id)] = try LogRows.state(
                            Array(blob.readableBytesView), key: LogRows.key(name, id))
                    }
                    var folder = RecordFolder()
                    let wanted = Set(collections)
                    for try await (cursor, body) in try await connection.query(
                        "SELECT cursor, body FROM hub_log WHERE cursor > \(horizon) ORDER BY cursor", logger: logger
                    ).decode((Int64, ByteBuffer).self) {
                        folder.add(
                            try LogRows.changes(Array(body.readableBytesView), cursor: cursor).filter {
                                wanted.contains($0.collection)
                            })
                    }
                    try await connection.query("COMMIT", logger: logger)
                    return RecordFolder.fold(states, folder)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        }
    }

    public func collectGarbage(activeSinceMilliseconds: Int64, nonceBeforeMilliseconds: Int64) async throws
        -> GarbageReport
    {
        try await translating {
            try await client.withTransaction(logger: logger) { connection in
                var report = GarbageReport()
                for try await count in try await connection.query(
                    "WITH gone AS (DELETE FROM hub_nonces WHERE time_ms < \(nonceBeforeMilliseconds) RETURNING 1) SELECT count(*) FROM gone",
                    logger: logger
                ).decode(Int64.self) {
                    report.forgottenNonces = Int(count)
                }
                var state: (Int64, Int64) = (0, 0)
                for try await row in try await connection.query(
                    "SELECT last_cursor, horizon FROM hub_state FOR UPDATE", logger: logger
                ).decode((Int64, Int64).self) {
                    state = row
                }
                let (last, horizon) = state
                report.previousHorizon = horizon
                report.horizon = horizon
                var lowest: Int64?
                for try await value in try await connection.query(
                    "SELECT min(acked_cursor) FROM hub_terminals WHERE last_seen_ms >= \(activeSinceMilliseconds)",
                    logger: logger
                ).decode(Int64?.self) {
                    lowest = value
                }
                guard let lowest, min(lowest, last) > horizon else { return report }
                let target = min(lowest, last)
                var folder = RecordFolder()
                for try await (cursor, body) in try await connection.query(
                    "SELECT cursor, body FROM hub_log WHERE cursor > \(horizon) AND cursor <= \(target) ORDER BY cursor",
                    logger: logger
                ).decode((Int64, ByteBuffer).self) {
                    report.foldedRows += 1
                    folder.add(try LogRows.changes(Array(body.readableBytesView), cursor: cursor))
                }
                for (key, changes) in folder.records {
                    var state = RecordState()
                    for try await blob in try await connection.query(
                        "SELECT state FROM hub_records WHERE collection = \(key.collection) AND record = \(key.record)",
                        logger: logger
                    ).decode(ByteBuffer.self) {
                        state = try LogRows.state(
                            Array(blob.readableBytesView), key: LogRows.key(key.collection, key.record))
                    }
                    for change in changes { state.apply(change) }
                    if state.isAlive {
                        let blob = ByteBuffer(bytes: state.encoded())
                        try await connection.query(
                            """
                            INSERT INTO hub_records (collection, record, scope, state)
                            VALUES (\(key.collection), \(key.record), \(state.scope), \(blob))
                            ON CONFLICT (collection, record) DO UPDATE SET scope = excluded.scope, state = excluded.state
                            """, logger: logger)
                    } else {
                        try await connection.query(
                            "DELETE FROM hub_records WHERE collection = \(key.collection) AND record = \(key.record)",
                            logger: logger)
                        report.droppedTombstones += 1
                    }
                }
                try await connection.query(
                    "DELETE FROM hub_log WHERE cursor > \(horizon) AND cursor <= \(target)", logger: logger)
                try await connection.query("UPDATE hub_state SET horizon = \(target)", logger: logger)
                report.horizon = target
                return report
            }
        }
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }

    func translating<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as PostgresTransactionError {
            if let hub = error.closureError as? HubError { throw hub }
            let inner = error.closureError ?? error.beginError ?? error.commitError
            throw unavailable(inner ?? error)
        } catch let error as PSQLError {
            throw unavailable(error)
        }
    }

    func unavailable(_ error: any Error) -> HubError {
        let detail =
            if let psql = error as? PSQLError { psql.serverInfo?[.message] ?? "\(psql.code)" } else { "\(error)" }
        return HubError(status: 503, code: "store-unavailable", "the hub store \(description) failed: \(detail)")
    }
}
