import Foundation
import GRDB
public import Logging
import LoketSync

/// The sync benchmark: seed, local updates, and an all-pairs merge, on the CRDT store or
/// on plain SQLite with the same transaction pattern (so CRDT overhead reads as a ratio).
///
/// Workload: `records` × `fields` on replica 0, shipped to the others; then `updates`
/// field updates round-robin over the replicas, `batch` per local transaction; then every
/// replica merges every other replica's changes (exported from the state before the merge
/// phase, encoded, decoded, merged in one transaction per replica). All durably: WAL with
/// `synchronous = FULL`.
public struct SyncBenchmark {
    let options: SyncBenchmarkOptions
    let logger: Logger

    /// Seed transactions hold this many records.
    static let seedBatch = 1000
    /// Export pages hold about this many changes.
    static let pageSize = 50_000

    public init(options: SyncBenchmarkOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs the benchmark and removes its databases.
    public func run() throws -> SyncBenchmarkResult {
        try options.validate()
        let folder =
            options.directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("loket-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if options.directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        return options.baselineSQLite ? try runBaseline(folder) : try runCRDT(folder)
    }

    /// Writes every dirty page of the system to disk before a timed phase, for both
    /// variants: otherwise the kernel writes the seed back while the phase runs, and its
    /// syncs wait behind those pages (the CRDT seed writes three times the plain one).
    static func settleDisk() {
        sync()
    }

    var fieldNames: [String] { (0..<options.fields).map { "f\($0)" } }
    static func recordID(_ index: Int) -> String { "r\(index)" }

    /// The update plan, the same for both variants: (replica, record, field, value).
    func plan() -> [(Int, Int, Int, Int64)] {
        var generator = SeededGenerator(seed: options.seed)
        return (0..<options.updates).map { index in
            (
                index % options.replicas, Int.random(in: 0..<options.records, using: &generator),
                Int.random(in: 0..<options.fields, using: &generator), Int64.random(in: 0..<100_000, using: &generator)
            )
        }
    }

    // MARK: CRDT store

    func runCRDT(_ folder: String) throws -> SyncBenchmarkResult {
        let schema = try Schema([
            CollectionSchema(
                name: "bench", fields: Dictionary(uniqueKeysWithValues: fieldNames.map { ($0, .register) }))
        ])
        let replicas = try (0..<options.replicas).map { index in
            var configuration = ReplicaConfiguration(replicaID: try ReplicaID("bench-\(index)"), schema: schema)
            configuration.maximumReaderCount = 2
            return try Replica(path: "\(folder)/replica-\(index).sqlite", configuration: configuration, logger: logger)
        }
        let fields = fieldNames

        // Seed on replica 0, then ship it.
        let seedStart = ContinuousClock.now
        var next = 0
        while next < options.records {
            let end = min(options.records, next + Self.seedBatch)
            try replicas[0].write { tx in
                for index in next..<end {
                    var update = RecordUpdate()
                    for (f, name) in fields.enumerated() { update.set[name] = .int(Int64(index * options.fields + f)) }
                    try tx.put("bench", id: Self.recordID(index), update)
                }
            }
            next = end
        }
        var seedMerged = 0
        var seedMergeSeconds = 0.0
        for target in replicas.dropFirst() {
            let shipped = try ship(from: replicas[0], to: target)
            seedMerged += shipped.changes
            seedMergeSeconds += shipped.seconds
        }
        let seedSeconds = seconds(since: seedStart)
        logger.info("seeded", metadata: ["bench.seconds": "\(seedSeconds)"])

        // Local updates.
        let plan = plan()
        Self.settleDisk()
        let writeStart = ContinuousClock.now
        var position = 0
        while position < plan.count {
            // A batch goes to one replica; the next batch to the next one.
            let replica = plan[position].0
            let end = min(plan.count, position + options.batch)
            try replicas[replica].write { tx in
                for (_, record, field, value) in plan[position..<end] {
                    try tx.put("bench", id: Self.recordID(record), RecordUpdate(set: [fields[field]: .int(value)]))
                }
            }
            position = end
        }
        let writeSeconds = seconds(since: writeStart)

        // Every replica exports for every other, from the state before any merge; each
        // replica then merges what the others sent in one transaction, as it would take
        // one pull from the hub.
        var shipments: [[[UInt8]]] = Array(repeating: [], count: replicas.count)
        for (k, source) in replicas.enumerated() {
            for (j, target) in replicas.enumerated() where j != k {
                let since = try target.versionVector()
                var cursor: ExportCursor?
                repeat {
                    let page = try source.changes(since: since, limit: Self.pageSize, after: cursor)
                    shipments[j].append(page.changeset.encoded(version: Changeset.compactBinaryVersion))
                    cursor = page.next
                } while cursor != nil
            }
        }
        var shippedChanges = 0
        var shippedBytes = 0
        Self.settleDisk()
        let mergeStart = ContinuousClock.now
        for (target, pages) in shipments.enumerated() {
            let changesets = try pages.map { try Changeset(binary: $0) }
            try replicas[target].merge(contentsOf: changesets)
            shippedChanges += changesets.reduce(0) { $0 + $1.changes.count }
            shippedBytes += pages.reduce(0) { $0 + $1.count }
        }
        let mergeSeconds = seconds(since: mergeStart)
        let peak = Self.peakResidentMiB()

        let digests = try replicas.map { try $0.dumpDigest() }
        for replica in replicas { try replica.close() }
        return SyncBenchmarkResult(
            seedSeconds: seedSeconds, writeOpsPerSecond: Double(options.updates) / max(writeSeconds, 1e-9),
            deltaBytesPerOp: shippedChanges == 0 ? nil : Double(shippedBytes) / Double(shippedChanges),
            mergeOpsPerSecond: Double(shippedChanges) / max(mergeSeconds, 1e-9), peakRSSMiB: peak,
            converged: Set(digests).count == 1,
            seedMergeOpsPerSecond: Double(seedMerged) / max(seedMergeSeconds, 1e-9))
    }

    /// Brings `target` up to date with `source`, page by page, through the binary form;
    /// returns how many changes were merged and the seconds spent decoding and merging.
    func ship(from source: Replica, to target: Replica) throws -> (changes: Int, seconds: Double) {
        let since = try target.versionVector()
        var cursor: ExportCursor?
        var changes = 0
        var seconds = 0.0
        repeat {
            let page = try source.changes(since: since, limit: Self.pageSize, after: cursor)
            let encoded = page.changeset.encoded(version: Changeset.compactBinaryVersion)
            let start = ContinuousClock.now
            try target.merge(try Changeset(binary: encoded))
            seconds += self.seconds(since: start)
            changes += page.changeset.changes.count
            cursor = page.next
        } while cursor != nil
        return (changes, seconds)
    }

    // MARK: Plain SQLite

    func runBaseline(_ folder: String) throws -> SyncBenchmarkResult {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = -2048")
        }
        let fields = fieldNames
        let columns = fields.map { "\"\($0)\"" }
        let databases = try (0..<options.replicas).map { index in
            let pool = try DatabasePool(path: "\(folder)/plain-\(index).sqlite", configuration: config)
            try pool.write { db in
                try db.execute(
                    sql: "CREATE TABLE bench (id TEXT PRIMARY KEY NOT NULL, \(columns.joined(separator: ", ")))")
            }
            // The same durability as the store's writer.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
            return pool
        }
        let insert =
            "INSERT INTO bench (id, \(columns.joined(separator: ", "))) VALUES (?\(String(repeating: ", ?", count: fields.count))) "
            + "ON CONFLICT (id) DO UPDATE SET "
            + columns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

        let seedStart = ContinuousClock.now
        var next = 0
        while next < options.records {
            let end = min(options.records, next + Self.seedBatch)
            try databases[0].write { db in
                let statement = try db.cachedStatement(sql: insert)
                for index in next..<end {
                    var arguments: [any DatabaseValueConvertible] = [Self.recordID(index)]
                    for f in 0..<fields.count { arguments.append(Int64(index * options.fields + f)) }
                    try statement.execute(arguments: StatementArguments(arguments))
                }
            }
            next = end
        }
        // "Shipping" the seed: copy every row, in the same transaction size.
        let rows = try databases[0].read { try Row.fetchAll($0, sql: "SELECT * FROM bench ORDER BY id") }
        for target in databases.dropFirst() {
            for chunk in stride(from: 0, to: rows.count, by: Self.seedBatch) {
                try target.write { db in
                    let statement = try db.cachedStatement(sql: insert)
                    for row in rows[chunk..<min(rows.count, chunk + Self.seedBatch)] {
                        try statement.execute(arguments: StatementArguments(row.databaseValues))
                    }
                }
            }
        }
        let seedSeconds = seconds(since: seedStart)

        let plan = plan()
        func upsert(_ db: Database, _ record: Int, _ field: Int, _ value: Int64) throws {
            try db.cachedStatement(
                sql: "INSERT INTO bench (id, \(columns[field])) VALUES (?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET \(columns[field]) = excluded.\(columns[field])"
            ).execute(arguments: [Self.recordID(record), value])
        }
        Self.settleDisk()
        let writeStart = ContinuousClock.now
        var position = 0
        while position < plan.count {
            let replica = plan[position].0
            let end = min(plan.count, position + options.batch)
            try databases[replica].write { db in
                for (_, record, field, value) in plan[position..<end] { try upsert(db, record, field, value) }
            }
            position = end
        }
        let writeSeconds = seconds(since: writeStart)

        // "Merging": each database applies the other databases' updates in one transaction.
        Self.settleDisk()
        let mergeStart = ContinuousClock.now
        var applied = 0
        for (j, target) in databases.enumerated() {
            let theirs = plan.filter { $0.0 != j }
            try target.write { db in for (_, record, field, value) in theirs { try upsert(db, record, field, value) } }
            applied += theirs.count
        }
        let mergeSeconds = seconds(since: mergeStart)
        let peak = Self.peakResidentMiB()
        for database in databases { try database.close() }
        return SyncBenchmarkResult(
            seedSeconds: seedSeconds, writeOpsPerSecond: Double(options.updates) / max(writeSeconds, 1e-9),
            deltaBytesPerOp: nil, mergeOpsPerSecond: Double(applied) / max(mergeSeconds, 1e-9), peakRSSMiB: peak,
            converged: nil)
    }

    // MARK: Measuring

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The process's peak resident set (VmHWM), MiB; 0 where /proc is missing.
    static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kib / 1024
        }
        return 0
    }
}
