import Foundation
import GRDB
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// A replica written by an earlier store opens with today's: its records, tombstones and
/// outbox survive the migration. The fixture was made by a loket of that time
/// (Tests/Fixtures/replica-v3/make-fixture.sh says how).
@Suite("Store migrations")
struct StoreMigrationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/replica-v3")

    /// A copy of the v3 replica in a temporary folder, and the dump its own loket printed.
    static func openV3(_ directory: TemporaryDirectory) throws -> (Replica, FieldValue) {
        let path = directory.path("replica.sqlite")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("replica.sqlite").path, toPath: path)
        let dump = try FieldValue(
            json: String(decoding: try Data(contentsOf: fixtures.appendingPathComponent("dump.json")), as: UTF8.self))
        var configuration = ReplicaConfiguration()
        configuration.createIfMissing = false
        return (try Replica(path: path, configuration: configuration, logger: TestLogging.silent), dump)
    }

    @Test("a v3 replica keeps its records, its deletions and its outbox")
    func v3RecordsAndTombstones() throws {
        let directory = try TemporaryDirectory(prefix: "loket-migration")
        let (replica, dump) = try Self.openV3(directory)
        #expect(try replica.dump() == dump)
        #expect(try replica.record("devices", id: "LPT-0003") == nil)
        #expect(try replica.record("notes", id: "n-2")?.canonicalJSON.contains(#""text":"again""#) == true)
        // The old table of record states is gone; the rows carry their states.
        let (oldTable, tombstones) = try replica.read { db in
            (try db.tableExists("loket_records"), try Int.fetchOne(db, sql: "SELECT count(*) FROM loket_tombstones"))
        }
        #expect(!oldTable)
        #expect(tombstones == 1)

        // Everything it held travels: a new replica fed its export from nothing holds the same,
        // and the deletion of LPT-0003 travels as a deletion.
        let everything = try replica.changes(since: VersionVector())
        #expect(
            everything.changes.contains {
                $0.recordID == "LPT-0003" && $0.operation == .existence && $0.causalLength % 2 == 0
            })
        let fresh = try Replica(
            path: directory.path("fresh.sqlite"), configuration: ReplicaConfiguration(schema: replica.schema),
            logger: TestLogging.silent)
        try fresh.merge(try Changeset(binary: everything.encoded()))
        #expect(try fresh.dump() == dump)
        // A write of the first generation, from a desk that did not see the deletion, does not
        // bring the device back: the tombstone's causal length wins.
        let deletion = try #require(
            everything.changes.first { $0.recordID == "LPT-0003" && $0.operation == .existence })
        let late = Change(
            collection: "devices", recordID: "LPT-0003", scope: "fleet", causalLength: 1,
            timestamp: HybridTimestamp(
                time: HybridTime(milliseconds: deletion.timestamp.time.milliseconds + 1, counter: 0)!,
                replica: try ReplicaID("late-desk")),
            operation: .register(field: "state", value: .string("available")))
        try replica.merge(Changeset(changes: [late]))
        #expect(try replica.record("devices", id: "LPT-0003") == nil)
        try fresh.merge(Changeset(changes: [late]))
        #expect(try replica.dump() == fresh.dump())
    }

    @Test("the outbox counts on after the last number the hub saw")
    func v3OutboxNumbers() throws {
        let directory = try TemporaryDirectory(prefix: "loket-migration")
        let (replica, _) = try Self.openV3(directory)
        // The fixture's outbox was trimmed through 3 of 10 entries.
        let waiting = try replica.outbox(limit: 100)
        #expect(waiting.map(\.sequence) == Array(4...10))
        try replica.acknowledgeOutbox(through: 10)
        #expect(try replica.outboxCount() == 0)
        // An empty outbox must not hand out 1 again: the hub skips numbers it has seen.
        try replica.put("devices", id: "LPT-0004", RecordUpdate(set: ["model": "X1"]))
        #expect(try replica.outbox(limit: 100).map(\.sequence) == [11])
        // Nor after a reopen.
        let path = replica.path
        let reopened = try Replica(path: path, logger: TestLogging.silent)
        try reopened.acknowledgeOutbox(through: 11)
        try reopened.put("devices", id: "LPT-0005", RecordUpdate(set: ["model": "X1"]))
        #expect(try reopened.outbox(limit: 100).map(\.sequence) == [12])
    }
}
