import Foundation
import GRDB
import LoketStore
import LoketSync
import LoketTesting
import Testing

@Suite("Replica: local writes and reads")
struct ReplicaTests {
    @Test("a write lands in a real table that plain SQL reads")
    func plainSQL() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        try replica.put(
            "things", id: "LPT-0042", scope: "branch:centrum",
            RecordUpdate(
                set: ["name": "ThinkPad", "note": .object(["k": 1])], increment: ["count": 3],
                add: ["tags": ["b", "a"]]))
        try replica.put("things", id: "LPT-0042", RecordUpdate(increment: ["count": -1], remove: ["tags": ["b"]]))
        let row = try replica.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, scope, name, note, count, tags FROM things WHERE scope = 'branch:centrum'")
        }
        #expect(row?["id"] == "LPT-0042")
        #expect(row?["name"] == "ThinkPad")
        #expect(row?["note"] == #"{"k":1}"#)
        #expect(row?["count"] == 2)
        #expect(row?["tags"] == #"["a"]"#)
        #expect(
            try replica.record("things", id: "LPT-0042")?.canonicalJSON
                == #"{"count":2,"id":"LPT-0042","name":"ThinkPad","note":{"k":1},"scope":"branch:centrum","tags":["a"]}"#
        )
    }

    @Test("delete hides the record; a re-create starts with fresh fields")
    func deleteAndRecreate() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        try replica.put(
            "things", id: "x", RecordUpdate(set: ["name": "old", "note": "keep?"], increment: ["count": 5]))
        try replica.delete("things", id: "x")
        #expect(try replica.record("things", id: "x") == nil)
        #expect(try replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM things") } == 0)
        #expect(throws: StoreError.self) { try replica.delete("things", id: "x") }
        try replica.put("things", id: "x", RecordUpdate(set: ["name": "new"]))
        #expect(
            try replica.record("things", id: "x")?.canonicalJSON
                == #"{"count":0,"id":"x","name":"new","note":null,"scope":"fleet","tags":[]}"#)
    }

    @Test("bad writes are refused with a clear error and leave nothing behind")
    func refusals() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        func code(_ body: () throws -> Void) -> StoreError.Code? {
            do {
                try body()
                return nil
            } catch let error as StoreError { return error.code } catch { return nil }
        }
        #expect(code { try replica.put("nope", id: "x", RecordUpdate()) } == .unknownCollection)
        #expect(code { try replica.put("things", id: "x", RecordUpdate(set: ["colour": 1])) } == .unknownField)
        #expect(code { try replica.put("things", id: "x", RecordUpdate(set: ["count": 1])) } == .kindMismatch)
        #expect(code { try replica.put("things", id: "x", RecordUpdate(increment: ["tags": 1])) } == .kindMismatch)
        #expect(code { try replica.put("things", id: "", RecordUpdate()) } == .invalidIdentifier)
        #expect(code { try replica.put("things", id: "x", scope: "everywhere", RecordUpdate()) } == .invalidIdentifier)
        #expect(
            code { try replica.put("things", id: "x", RecordUpdate(set: ["name": .double(.nan)])) } == .invalidValue)
        try replica.put("things", id: "x", scope: "branch:a", RecordUpdate(set: ["name": "a"]))
        #expect(code { try replica.put("things", id: "x", scope: "branch:b", RecordUpdate()) } == .scopeMismatch)
        // Deleted, it keeps its scope too: the hub would refuse it in another (foreign-record).
        try replica.delete("things", id: "x")
        #expect(code { try replica.put("things", id: "x", scope: "branch:b", RecordUpdate()) } == .scopeMismatch)
        #expect(code { try replica.put("things", id: "x", scope: "fleet", RecordUpdate()) } == .scopeMismatch)
        try replica.put("things", id: "x", RecordUpdate(set: ["name": "again"]))
        guard case .object(let again)? = try replica.record("things", id: "x") else { throw TestHarnessError("gone") }
        #expect(again["scope"] == .string("branch:a"), "re-created without a scope: in the one it had")
        try replica.put("things", id: "big", RecordUpdate(increment: ["count": .max]))
        #expect(code { try replica.put("things", id: "big", RecordUpdate(increment: ["count": 1])) } == .invalidValue)

        // A transaction that fails half-way keeps nothing, not even its first write.
        let outboxBefore = try replica.outboxCount()
        #expect(
            code {
                try replica.write { tx in
                    try tx.put("things", id: "first", RecordUpdate(set: ["name": "1"]))
                    try tx.put("things", id: "second", RecordUpdate(set: ["colour": "red"]))
                }
            } == .unknownField)
        #expect(try replica.record("things", id: "first") == nil)
        #expect(try replica.outboxCount() == outboxBefore)
    }

    @Test("the database keeps its replica id and refuses files that are not replicas")
    func identity() throws {
        let fixture = try StoreFixture()
        try fixture.open("desk-1").close()
        let error = #expect(throws: StoreError.self) { try fixture.open("desk-2", file: "desk-1").close() }
        #expect(error?.code == .replicaMismatch)
        #expect(throws: StoreError.self) {
            try Replica.openExisting(path: fixture.directory.path("missing.sqlite"), logger: TestLogging.silent)
        }
        let other = fixture.directory.path("other.sqlite")
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        let notReplica = #expect(throws: StoreError.self) {
            try Replica.openExisting(path: other, logger: TestLogging.silent)
        }
        #expect(notReplica?.code == .notAReplica)
        let garbage = fixture.directory.path("garbage.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: StoreError.self) { try Replica.openExisting(path: garbage, logger: TestLogging.silent) }
    }

    @Test("durability pragmas are set: WAL and synchronous = FULL")
    func pragmas() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        // The writer is what matters: GRDB sets its pools' writer to NORMAL unless told otherwise.
        let writer = try replica.writerDurability()
        #expect(writer.journalMode == "wal")
        #expect(writer.synchronous == 2)
        #expect(try replica.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test("every write is one outbox entry; acknowledging trims it")
    func outbox() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        try replica.put("things", id: "a", RecordUpdate(set: ["name": "A"]))
        try replica.write { tx in
            try tx.put("things", id: "b", RecordUpdate(set: ["name": "B"]))
            try tx.delete("things", id: "a")
        }
        let entries = try replica.outbox()
        #expect(entries.count == 2)
        let second = try Changeset(binary: entries[1].payload)
        #expect(second.changes.count == entries[1].changeCount)
        #expect(second.changes.map(\.recordID) == ["b", "b", "a"])
        // Entries chain: each completes the replica's changes since the previous one.
        let first = try Changeset(binary: entries[0].payload)
        #expect(second.since[replica.id] == first.upTo[replica.id])
        #expect(try replica.acknowledgeOutbox(through: entries[0].sequence) == 1)
        #expect(try replica.acknowledgeOutbox(through: entries[0].sequence) == 0)
        #expect(try replica.outbox().map(\.sequence) == [entries[1].sequence])
    }

    @Test("a field update of a live record writes two pages: its row and the outbox entry (not the scope index)")
    func pagesPerWrite() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        for index in 0..<200 { try replica.put("things", id: "r\(index)", RecordUpdate(set: ["name": "x"])) }
        let wal = fixture.directory.path("desk-1.sqlite-wal")
        let pageSize = try replica.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? 4096
        func frames() throws -> Int {
            let size = try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0
            return (size - 32) / (pageSize + 24)  // the WAL header, then frames of a page each
        }
        var perWrite: [Int] = []
        for index in [17, 103, 59] {
            let before = try frames()
            try replica.put("things", id: "r\(index)", RecordUpdate(set: ["note": .string("n\(index)")]))
            perWrite.append(try frames() - before)
        }
        // Each commit's pages are its cost on disk (fsync writes them): the table row's leaf
        // and the outbox's last leaf. Naming `scope` in the update would rewrite the scope
        // index's entry too.
        #expect(perWrite == [2, 2, 2], "pages per write: \(perWrite)")
    }
}
