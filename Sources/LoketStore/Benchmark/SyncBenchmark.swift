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
        try inFolder { options.baselineSQLite ? try runBaseline($0) : try runCRDT($0) }
    }

    /// Checks the options and runs `body` in the benchmark's folder: ``SyncBenchmarkOptions/directory``,
    /// or a new temporary one, removed afterwards.
    func inFolder<T>(_ body: (String) throws -> T) throws -> T {
        try options.validate()
        let folder =
            options.directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("loket-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if options.directory == nil { try? FileManager.default.removeItem(atPath: folder) } }
        return try body(folder)
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
        let replicas = try openCRDT(folder)
        let seed = try seedCRDT(replicas)
        logger.info("seeded", metadata: ["bench.seconds": "\(seed.seconds)"])

        // Local updates.
        let plan = plan()
        Self.settleDisk()
        let writeSeconds = try writeCRDT(replicas, plan[...])

        let shipments = try exportCRDT(replicas)
        var shipped = (changes: 0, bytes: 0)
        Self.settleDisk()
        let mergeStart = ContinuousClock.now
        for (target, pages) in shipments.enumerated() {
            let merged = try mergeCRDT(replicas[target], pages)
            shipped = (shipped.changes + merged.changes, shipped.bytes + merged.bytes)
        }
        let mergeSeconds = seconds(since: mergeStart)
        let peak = Self.peakResidentMiB()

        let converged = try convergedCRDT(replicas)
        for replica in replicas { try replica.close() }
        return SyncBenchmarkResult(
            seedSeconds: seed.seconds, writeOpsPerSecond: Double(options.updates) / max(writeSeconds, 1e-9),
            deltaBytesPerOp: shipped.changes == 0 ? nil : Double(shipped.bytes) / Double(shipped.changes),
            mergeOpsPerSecond: Double(shipped.changes) / max(mergeSeconds, 1e-9), peakRSSMiB: peak,
            converged: converged,
            seedMergeOpsPerSecond: Double(seed.merged) / max(seed.mergeSeconds, 1e-9))
    }

    /// The replicas of the CRDT variant, empty, with the benchmark's schema.
    func openCRDT(_ folder: String) throws -> [Replica] {
        let schema = try Schema([
            CollectionSchema(
                name: "bench", fields: Dictionary(uniqueKeysWithValues: fieldNames.map { ($0, .register) }))
        ])
        return try (0..<options.replicas).map { index in
            var configuration = ReplicaConfiguration(replicaID: try ReplicaID("bench-\(index)"), schema: schema)
            configuration.maximumReaderCount = 2
            return try Replica(path: "\(folder)/replica-\(index).sqlite", configuration: configuration, logger: logger)
        }
    }

    /// Seeds replica 0 and ships the seed to the others: the seconds in all, and the
    /// changes merged while shipping and the seconds that took.
    func seedCRDT(_ replicas: [Replica]) throws -> (seconds: Double, merged: Int, mergeSeconds: Double) {
        let fields = fieldNames
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
        var merged = 0
        var mergeSeconds = 0.0
        for target in replicas.dropFirst() {
            let shipped = try ship(from: replicas[0], to: target)
            merged += shipped.changes
            mergeSeconds += shipped.seconds
        }
        return (seconds(since: seedStart), merged, mergeSeconds)
    }

    /// Makes the updates of `plan` as local writes, `batch` per transaction; the seconds
    /// they took.
    func writeCRDT(_ replicas: [Replica], _ plan: ArraySlice<(Int, Int, Int, Int64)>) throws -> Double {
        let fields = fieldNames
        let start = ContinuousClock.now
        var position = plan.startIndex
        while position < plan.endIndex {
            // A batch goes to one replica; the next batch to the next one.
            let replica = plan[position].0
            let end = min(plan.endIndex, position + options.batch)
            try replicas[replica].write { tx in
                for (_, record, field, value) in plan[position..<end] {
                    try tx.put("bench", id: Self.recordID(record), RecordUpdate(set: [fields[field]: .int(value)]))
                }
            }
            position = end
        }
        return seconds(since: start)
    }

    /// Every replica exports for every other, from the state before any merge: per target
    /// replica, the pages it will merge, encoded as they would travel.
    func exportCRDT(_ replicas: [Replica]) throws -> [[[UInt8]]] {
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
        return shipments
    }

    /// Decodes what the others sent `target` and merges it in one transaction, as it would
    /// take one pull from the hub: the changes and bytes it took.
    func mergeCRDT(_ target: Replica, _ pages: [[UInt8]]) throws -> (changes: Int, bytes: Int) {
        let changesets = try pages.map { try Changeset(binary: $0) }
        try target.merge(contentsOf: changesets)
        return (changesets.reduce(0) { $0 + $1.changes.count }, pages.reduce(0) { $0 + $1.count })
    }

    /// Whether every replica dumps the same records.
    func convergedCRDT(_ replicas: [Replica]) throws -> Bool {
        Set(try replicas.map { try $0.dumpDigest() }).count == 1
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
        let plain = try PlainDatabases(folder: folder, fields: fieldNames, count: options.replicas)
        let seedSeconds = try seedPlain(plain)
        let plan = plan()
        Self.settleDisk()
        let writeSeconds = try writePlain(plain, plan[...])

        // "Merging": each database applies the other databases' updates in one transaction.
        Self.settleDisk()
        let mergeStart = ContinuousClock.now
        var applied = 0
        for target in plain.databases.indices {
            applied += try mergePlain(plain, target, plan)
        }
        let mergeSeconds = seconds(since: mergeStart)
        let peak = Self.peakResidentMiB()
        try plain.close()
        return SyncBenchmarkResult(
            seedSeconds: seedSeconds, writeOpsPerSecond: Double(options.updates) / max(writeSeconds, 1e-9),
            deltaBytesPerOp: nil, mergeOpsPerSecond: Double(applied) / max(mergeSeconds, 1e-9), peakRSSMiB: peak,
            converged: nil)
    }

    /// Writes the seed into database 0 and copies every row to the others, in the same
    /// transaction size: the seconds it took.
    func seedPlain(_ plain: PlainDatabases) throws -> Double {
        let seedStart = ContinuousClock.now
        var next = 0
        while next < options.records {
            let end = min(options.records, next + Self.seedBatch)
            try plain.databases[0].write { db in
                let statement = try db.cachedStatement(sql: plain.insert)
                for index in next..<end {
                    var arguments: [any DatabaseValueConvertible] = [Self.recordID(index)]
                    for f in 0..<options.fields { arguments.append(Int64(index * options.fields + f)) }
                    try statement.execute(arguments: StatementArguments(arguments))
                }
            }
            next = end
        }
        // "Shipping" the seed: copy every row, in the same transaction size.
        let rows = try plain.databases[0].read { try Row.fetchAll($0, sql: "SELECT * FROM bench ORDER BY id") }
        for target in plain.databases.dropFirst() {
            for chunk in stride(from: 0, to: rows.count, by: Self.seedBatch) {
                try target.write { db in
                    let statement = try db.cachedStatement(sql: plain.insert)
                    for row in rows[chunk..<min(rows.count, chunk + Self.seedBatch)] {
                        try statement.execute(arguments: StatementArguments(row.databaseValues))
                    }
                }
            }
        }
        return seconds(since: seedStart)
    }

    /// Makes the updates of `plan` as upserts, `batch` per transaction; the seconds they took.
    func writePlain(_ plain: PlainDatabases, _ plan: ArraySlice<(Int, Int, Int, Int64)>) throws -> Double {
        let start = ContinuousClock.now
        var position = plan.startIndex
        while position < plan.endIndex {
            let replica = plan[position].0
            let end = min(plan.endIndex, position + options.batch)
            try plain.databases[replica].write { db in
                for (_, record, field, value) in plan[position..<end] { try plain.upsert(db, record, field, value) }
            }
            position = end
        }
        return seconds(since: start)
    }

    /// Applies every other database's updates of `plan` to database `target` in one
    /// transaction: how many it applied.
    func mergePlain(_ plain: PlainDatabases, _ target: Int, _ plan: [(Int, Int, Int, Int64)]) throws -> Int {
        let theirs = plan.filter { $0.0 != target }
        try plain.databases[target].write { db in
            for (_, record, field, value) in theirs { try plain.upsert(db, record, field, value) }
        }
        return theirs.count
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
