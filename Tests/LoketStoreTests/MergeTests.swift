import GRDB
import LoketStore
import LoketSync
import LoketTesting
import Testing

@Suite("Replica: merging remote changes")
struct MergeTests {
    @Test("re-applying a changeset is a no-op; both orders give the same tables")
    func idempotentAndCommutative() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let b = try fixture.open("b")
        try a.put(
            "things", id: "x", RecordUpdate(set: ["name": "from a"], increment: ["count": 2], add: ["tags": ["t"]]))
        fixture.clock.advance(by: 5)
        try b.put("things", id: "x", RecordUpdate(set: ["name": "from b"], increment: ["count": 3]))
        let fromA = try a.changes(since: VersionVector())
        let fromB = try b.changes(since: VersionVector())
        let first = try b.merge(fromA)
        #expect(first.applied > 0)
        let again = try b.merge(fromA)
        #expect(again.applied == 0 && again.unchanged == fromA.changes.count)
        try a.merge(fromB)
        #expect(try a.dump() == b.dump())
        #expect(
            try a.record("things", id: "x")?.canonicalJSON
                == #"{"count":5,"id":"x","name":"from b","note":null,"scope":"fleet","tags":["t"]}"#)
    }

    @Test("one record created in two scopes at once: the table's scope column follows the winner on both sides")
    func concurrentScopes() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let b = try fixture.open("b")
        try a.put("things", id: "x", scope: "branch:a", RecordUpdate(set: ["name": "from a"]))
        try b.put("things", id: "x", scope: "branch:b", RecordUpdate(set: ["note": "from b"]))
        try a.merge(try b.changes(since: VersionVector()))
        try b.merge(try a.changes(since: VersionVector()))
        func column(_ replica: Replica) throws -> String? {
            try replica.read { try String.fetchOne($0, sql: "SELECT scope FROM things WHERE id = 'x'") }
        }
        func scope(_ replica: Replica) throws -> FieldValue? {
            guard case .object(let fields)? = try replica.record("things", id: "x") else { return nil }
            return fields["scope"]
        }
        #expect(try scope(a) == .string("branch:b") && scope(b) == .string("branch:b"))
        // The loser's row moved while alive; a later field write keeps the column as it is.
        #expect(try column(a) == "branch:b" && column(b) == "branch:b")
        try a.put("things", id: "x", RecordUpdate(set: ["name": "again"]))
        try b.merge(try a.changes(since: try b.versionVector()))
        #expect(try column(a) == "branch:b" && column(b) == "branch:b")
        #expect(try a.dump() == b.dump())
    }

    @Test("refused changes go to the quarantine with their reason; the rest is applied")
    func quarantine() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a", drift: 1000)
        let origin = try ReplicaID("far")
        func change(_ collection: String, _ id: String, ms: UInt64, _ op: ChangeOperation) -> Change {
            Change(
                collection: collection, recordID: id, scope: "fleet", causalLength: 1,
                timestamp: HybridTimestamp(time: HybridTime(milliseconds: ms, counter: 0)!, replica: origin),
                operation: op)
        }
        let now = fixture.clock.nowMilliseconds()
        let changeset = Changeset(changes: [
            change("things", "ok", ms: now, .register(field: "name", value: "fine")),
            change("things", "future", ms: now + 5000, .register(field: "name", value: "too early")),
            change("notes", "n1", ms: now, .register(field: "text", value: "unknown collection")),
            change("things", "kind", ms: now, .add(field: "name", element: "set op on a register")),
        ])
        let report = try a.merge(changeset)
        #expect(report.applied == 1 && report.quarantined == 3)
        let kept = try a.quarantine()
        #expect(kept.map(\.reasonCode) == ["clock-drift", "unknown-collection", "kind-mismatch"])
        #expect(kept[0].reason.contains("ahead of local wall time"))
        #expect(kept.map(\.change) == Array(changeset.changes.dropFirst()))
        #expect(try a.record("things", id: "ok") != nil)
        #expect(try a.record("things", id: "future") == nil)

        // The clock catches up: the change is applied, and leaves the quarantine.
        fixture.clock.advance(by: 10_000)
        let retried = try a.retryQuarantine()
        #expect(retried.applied == 1)
        #expect(try a.quarantine().map(\.reasonCode) == ["unknown-collection", "kind-mismatch"])
        try a.close()

        // The schema grows: the collection's change is released.
        let wider = try StoreFixture.schema.adding(
            Schema([CollectionSchema(name: "notes", fields: ["text": .register])]))
        let reopened = try fixture.open("a", schema: wider)
        #expect(
            try reopened.record("notes", id: "n1")?.canonicalJSON
                == #"{"id":"n1","scope":"fleet","text":"unknown collection"}"#)
        #expect(try reopened.quarantine().map(\.reasonCode) == ["kind-mismatch"])
    }

    @Test("fields from a newer replica are kept, passed on, and shown once declared")
    func unknownFields() throws {
        let fixture = try StoreFixture()
        let newer = try StoreFixture.schema.adding(
            Schema([
                CollectionSchema(name: "things", fields: ["colour": .register, "visits": .counter, "labels": .set])
            ]))
        let modern = try fixture.open("modern", schema: newer)
        let old = try fixture.open("old")
        let relay = try fixture.open("relay")
        try modern.put(
            "things", id: "x",
            RecordUpdate(set: ["name": "n", "colour": "red"], increment: ["visits": 4], add: ["labels": ["l"]]))
        try StoreFixture.sync(from: modern, to: old)
        #expect(
            try old.record("things", id: "x")?.canonicalJSON
                == #"{"count":0,"id":"x","name":"n","note":null,"scope":"fleet","tags":[]}"#)
        // The old replica passes the fields on, untouched.
        try StoreFixture.sync(from: old, to: relay)
        try old.close()
        try relay.close()
        let upgraded = try fixture.open("relay", schema: newer)
        #expect(try upgraded.record("things", id: "x") == modern.record("things", id: "x"))
        #expect(try upgraded.record("things", id: "x")?.canonicalJSON.contains(#""colour":"red""#) == true)
        #expect(try upgraded.read { try Int.fetchOne($0, sql: "SELECT visits FROM things WHERE id = 'x'") } == 4)
    }

    @Test("adding a field or a collection keeps every record; changing a kind is refused")
    func schemaEvolution() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("a")
        for index in 0..<50 {
            try replica.put("things", id: "r\(index)", RecordUpdate(set: ["name": .int(Int64(index))]))
        }
        let before = try replica.dump()
        try replica.close()
        let wider = try StoreFixture.schema.adding(
            Schema([
                CollectionSchema(name: "things", fields: ["extra": .register]),
                CollectionSchema(name: "more", fields: ["v": .counter]),
            ]))
        let reopened = try fixture.open("a", schema: wider)
        guard case .object(let dump) = try reopened.dump(), case .array(let things)? = dump["things"],
            case .object(let beforeDump) = before, case .array(let thingsBefore)? = beforeDump["things"]
        else { Issue.record("dump has the wrong shape"); return }
        #expect(things.count == 50)
        #expect(dump["more"] == .array([]))
        for (new, old) in zip(things, thingsBefore) {
            guard case .object(var members) = new else { continue }
            #expect(members.removeValue(forKey: "extra") == .null)
            #expect(.object(members) == old)
        }
        try reopened.close()
        let conflicting = try Schema([CollectionSchema(name: "things", fields: ["name": .counter])])
        let error = #expect(throws: SchemaError.self) { try fixture.open("a", schema: conflicting) }
        #expect(error?.description.contains("things.name is a register") == true)
    }

    @Test("paged export delivers the same as one export, never splitting a tick")
    func paging() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        for index in 0..<40 {
            try a.put(
                "things", id: "r\(index % 7)",
                RecordUpdate(
                    set: ["name": .int(Int64(index))], increment: ["count": 1],
                    add: ["tags": [.string("t\(index % 3)")]]))
            if index % 5 == 0 { try a.delete("things", id: "r\(index % 7)") }
        }
        let whole = try fixture.open("whole")
        let paged = try fixture.open("paged")
        try StoreFixture.sync(from: a, to: whole)
        try StoreFixture.sync(from: a, to: paged, limit: 3)
        #expect(try whole.dump() == a.dump())
        #expect(try paged.dump() == a.dump())
        #expect(try paged.versionVector() == a.versionVector())
        // Pages hold whole records, so the changes of one write never straddle two pages,
        // and only the last page claims what the exporter held.
        var cursor: ExportCursor?
        var pageOfTick: [HybridTimestamp: Int] = [:]
        var pages = 0
        repeat {
            let page = try a.changes(since: VersionVector(), limit: 4, after: cursor)
            pages += 1
            for change in page.changeset.changes {
                #expect(pageOfTick.updateValue(pages, forKey: change.timestamp) ?? pages == pages)
            }
            cursor = page.next
            #expect(page.changeset.upTo.entries.isEmpty == (cursor != nil))
        } while cursor != nil
        #expect(pages > 1)
    }

    @Test("the pages of an export merged in one call: same tables, the exporter's vector claimed")
    func mergeContentsOf() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        for index in 0..<30 { try a.put("things", id: "r\(index)", RecordUpdate(set: ["name": .int(Int64(index))])) }
        var pages: [Changeset] = []
        var cursor: ExportCursor?
        repeat {
            let page = try a.changes(since: VersionVector(), limit: 7, after: cursor)
            pages.append(page.changeset)
            cursor = page.next
        } while cursor != nil
        #expect(pages.count > 2)
        let b = try fixture.open("b")
        let report = try b.merge(contentsOf: pages)
        #expect(report.applied == 60)
        #expect(try b.dump() == a.dump())
        #expect(try b.versionVector() == a.versionVector())
        // Only the last page claims: merged alone, the first pages claim nothing.
        let c = try fixture.open("c")
        try c.merge(contentsOf: Array(pages.dropLast()))
        #expect(try c.versionVector()[a.id] == .zero)
    }

    @Test("the clock never goes back, even after the outbox is trimmed and the wall clock steps back")
    func clockSurvivesTrim() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let first = try a.put("things", id: "x", RecordUpdate(set: ["name": "1"]))[0].timestamp
        let entries = try a.outbox()
        try a.acknowledgeOutbox(through: entries.last!.sequence)
        #expect(try a.outboxCount() == 0)
        fixture.clock.advance(by: -60_000)
        try a.close()
        let reopened = try fixture.open("a")
        let second = try reopened.put("things", id: "x", RecordUpdate(set: ["name": "2"]))[0].timestamp
        #expect(second > first)
        #expect(try reopened.versionVector()[reopened.id] == second.time)
    }
}
