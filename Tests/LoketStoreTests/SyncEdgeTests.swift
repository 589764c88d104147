import Foundation
import GRDB
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The edges a real fleet has (issue 17): replicas on different schema versions, a clock
/// ahead, canonically equivalent texts, values at the limits, forged claims and lost
/// pages. Each test failed before the rule it names was in place.
@Suite("Sync core at its edges")
struct SyncEdgeTests {
    static let wider = try! StoreFixture.schema.adding(
        Schema([CollectionSchema(name: "notes", fields: ["text": .register, "labels": .set])]))

    /// `changes export --since <target's vector>` then `changes import`, through the binary form.
    @discardableResult
    static func send(_ source: Replica, _ target: Replica) throws -> MergeReport {
        let changeset = try source.changes(since: try target.versionVector())
        return try target.merge(try Changeset(binary: changeset.encoded()))
    }

    @Test("a change quarantined on a relay for an unknown collection is relayed, and reaches every replica")
    func relayUnknownCollection() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a", schema: Self.wider)
        let b = try fixture.open("b")  // does not know `notes` yet
        let c = try fixture.open("c", schema: Self.wider)
        try a.put("notes", id: "n1", RecordUpdate(set: ["text": "hello"]))
        #expect(try Self.send(a, b).quarantined > 0)
        // B passes the change on, although it cannot apply it itself.
        try Self.send(b, c)
        #expect(
            try c.record("notes", id: "n1")?.canonicalJSON == #"{"id":"n1","labels":[],"scope":"fleet","text":"hello"}"#
        )
        // A change that reached C only through B's claim would stay lost here.
        try a.put("notes", id: "n2", RecordUpdate(set: ["text": "later"]))
        try Self.send(a, c)
        try Self.send(c, a)
        #expect(try a.dump() == c.dump())
        // B's schema grows: it applies what it held, and nothing is missing anywhere.
        try b.close()
        let grown = try fixture.open("b", schema: Self.wider)
        try Self.send(a, grown)
        #expect(try grown.dump() == a.dump())
        #expect(try grown.quarantine().isEmpty)
        #expect(try c.quarantine().isEmpty)
    }

    @Test("a change from a clock ahead holds the relay's vector back and arrives once the clocks catch up")
    func relayClockDrift() throws {
        let fixture = try StoreFixture()
        let start: UInt64 = 1_767_225_600_000
        let ahead = ManualWallClock(milliseconds: start + 10 * 60_000)
        let clockB = ManualWallClock(milliseconds: start)
        let clockC = ManualWallClock(milliseconds: start)
        let a = try fixture.open("a", clock: ahead)
        let b = try fixture.open("b", clock: clockB)
        let c = try fixture.open("c", clock: clockC)
        try a.put("things", id: "x", RecordUpdate(set: ["name": "from the future"]))
        #expect(try Self.send(a, b).quarantined == 2)
        #expect(try b.versionVector()[try ReplicaID("a")] == .zero)
        try Self.send(b, c)
        #expect(try c.record("things", id: "x") == nil)
        #expect(try c.versionVector()[try ReplicaID("a")] == .zero)
        // Ten minutes on, the change is within the bound everywhere.
        clockB.advance(by: 10 * 60_000)
        clockC.advance(by: 10 * 60_000)
        try Self.send(a, c)
        #expect(try c.record("things", id: "x") != nil)
        try Self.send(c, b)
        #expect(try b.quarantine().isEmpty)
        #expect(try b.dump() == a.dump())
        #expect(try c.dump() == a.dump())
        // The same change arriving again while it waited is kept once.
        let d = try fixture.open("d", clock: ManualWallClock(milliseconds: start))
        try Self.send(a, d)
        try Self.send(a, d)
        #expect(try d.quarantine().count == 2)
    }

    @Test("an empty changeset's claim moves no version vector")
    func forgedClaim() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let b = try fixture.open("b")
        let origin = try ReplicaID("a")
        let forged = Changeset(
            upTo: VersionVector([origin: HybridTime(milliseconds: HybridTime.maximumMilliseconds, counter: .max)!]),
            changes: [])
        try b.merge(try Changeset(binary: forged.encoded()))
        try b.merge(try Changeset(jsonText: forged.json.canonicalJSON))
        #expect(try b.versionVector()[origin] == .zero)
        try a.put("things", id: "x", RecordUpdate(set: ["name": "still arrives"]))
        try Self.send(a, b)
        #expect(try b.record("things", id: "x") != nil)
        // A claim beyond what the changeset shows of an origin is cut to what it shows.
        fixture.clock.advance(by: 10)
        try a.put("things", id: "y", RecordUpdate(set: ["name": "y"]))
        let shown = try a.changes(since: try b.versionVector())
        var inflated = shown
        inflated.upTo[origin] = HybridTime(milliseconds: fixture.clock.nowMilliseconds() + 60_000, counter: 0)!
        try b.merge(inflated)
        #expect(try b.versionVector()[origin] == shown.upTo[origin])
    }

    @Test("a lost middle page leaves the vector where it was; the next export brings what it held")
    func lostPage() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let b = try fixture.open("b")
        for index in 0..<30 {
            fixture.clock.advance(by: 1)
            try a.put("things", id: String(format: "r%02d", index), RecordUpdate(set: ["name": .int(Int64(index))]))
        }
        var pages: [Changeset] = []
        var cursor: ExportCursor?
        repeat {
            let page = try a.changes(since: try b.versionVector(), limit: 10, after: cursor)
            pages.append(page.changeset)
            cursor = page.next
        } while cursor != nil
        #expect(pages.count >= 3)
        #expect(pages.allSatisfy { $0.page != nil })
        // Page 1 is lost on the way; the others arrive, the last with the claim.
        for (index, page) in pages.enumerated() where index != 1 {
            try b.merge(try Changeset(binary: page.encoded()))
        }
        #expect(try b.versionVector()[try ReplicaID("a")] == .zero)
        try StoreFixture.sync(from: a, to: b, limit: 7)
        #expect(try b.dump() == a.dump())
        #expect(try b.versionVector()[try ReplicaID("a")] == a.versionVector()[try ReplicaID("a")])
    }

    @Test("canonically equivalent ids and elements are one record and one element everywhere")
    func unicodeIdentity() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a", schema: Self.wider)
        let b = try fixture.open("b", schema: Self.wider)
        let c = try fixture.open("c", schema: Self.wider)
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        try a.put("notes", id: composed, RecordUpdate(set: ["text": "one"], add: ["labels": [.string(composed)]]))
        fixture.clock.advance(by: 1)
        try a.put("notes", id: decomposed, RecordUpdate(set: ["text": "two"], add: ["labels": [.string(decomposed)]]))
        #expect(try a.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM notes") } == 1)
        #expect(try a.record("notes", id: decomposed)?.canonicalJSON == a.record("notes", id: composed)?.canonicalJSON)
        // A peer that did not normalise: the same texts decomposed, in both forms of the file.
        var foreign = try a.changes(since: VersionVector())
        foreign.changes = foreign.changes.map { change in
            var change = change
            change.recordID = decomposed
            if case .add(let field, _) = change.operation {
                change.operation = .add(field: field, element: .string(decomposed))
            }
            return change
        }
        try b.merge(try Changeset(binary: foreign.encoded()))
        try c.merge(try Changeset(jsonText: foreign.json.canonicalJSON))
        let dumps = try [a, b, c].map { try $0.dump().canonicalJSON }
        #expect(Set(dumps).count == 1)
        #expect(dumps[0].contains("\"labels\":[\"caf\u{E9}\"]"))
        let stored = try b.read { try [UInt8](Data.fetchOne($0, sql: "SELECT id FROM notes")!) }
        #expect(stored == Array(composed.utf8))
        // The dump is the same bytes every time, on an unchanged database.
        for _ in 0..<5 { #expect(try b.dump().canonicalJSON == dumps[0]) }
    }

    @Test("values beyond the limits are refused on every path, and every value taken can be read back")
    func valueLimits() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let b = try fixture.open("b")
        func nested(_ levels: Int) -> FieldValue {
            var value: FieldValue = 1
            for _ in 0..<levels { value = .array([value]) }
            return value
        }
        let long = FieldValue.string(String(repeating: "x", count: (1 << 20) + 1))
        for bad in [nested(33), long] {
            #expect(throws: StoreError.self) { try a.put("things", id: "x", RecordUpdate(set: ["name": bad])) }
            let change = Change(
                collection: "things", recordID: "x", scope: "fleet", causalLength: 1,
                timestamp: HybridTimestamp(
                    time: HybridTime(milliseconds: fixture.clock.nowMilliseconds(), counter: 0)!,
                    replica: try ReplicaID("z")),
                operation: .register(field: "name", value: bad))
            let json = Changeset(changes: [change]).json.canonicalJSON
            #expect(throws: ChangesetDecodingError.self) { try Changeset(jsonText: json) }
            #expect(throws: ChangesetDecodingError.self) {
                try Changeset(binary: Changeset(changes: [change]).encoded())
            }
        }
        #expect(try b.dump() == a.dump())
        // At the limits: taken, stored, exported and read again.
        try a.put("things", id: "deep", RecordUpdate(set: ["name": nested(32)]))
        try a.put("things", id: "long", RecordUpdate(set: ["name": .string(String(repeating: "y", count: 1 << 20))]))
        let json = try a.changes(since: VersionVector()).json.canonicalJSON
        try b.merge(try Changeset(jsonText: json))
        #expect(try b.dump() == a.dump())
        try b.put("things", id: "deep", RecordUpdate(set: ["note": 1]))
        #expect(try b.changes(since: VersionVector()).changes.count > 0)
    }
}

@Suite("Clock refusals and a clock that ran ahead")
struct ClockEdgeTests {
    @Test("a change the hub refused for clock drift goes back to the outbox once it is within the bound")
    func requeue() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        try a.put("things", id: "x", RecordUpdate(set: ["name": "refused for now"]))
        let entry = try #require(try a.outbox().first)
        let change = try Changeset(binary: entry.payload).changes[0]
        try a.acknowledgeOutbox(
            through: entry.sequence, refused: [(change, "clock-drift", "refused by the hub: ahead of its clock")])
        #expect(try a.outboxCount() == 0)
        #expect(try a.quarantine().count == 1)
        #expect(try a.requeueClockRefusals() == 1)
        #expect(try a.quarantine().isEmpty)
        let again = try #require(try a.outbox().first)
        #expect(try Changeset(binary: again.payload).changes == [change])
        // Refusals for other reasons stay where they are.
        try a.acknowledgeOutbox(through: again.sequence, refused: [(change, "outside-scope", "not its scope")])
        #expect(try a.requeueClockRefusals() == 0)
        #expect(try a.quarantine().count == 1)
    }

    @Test("a clock beyond the bound of the last time the hub confirmed is wound back, its writes stamped again")
    func rewind() throws {
        let fixture = try StoreFixture()
        let a = try fixture.open("a")
        let b = try fixture.open("b")
        let start = fixture.clock.nowMilliseconds()
        try a.setClockReference(hubMilliseconds: start, offsetMilliseconds: 0)
        try a.put("things", id: "x", RecordUpdate(set: ["name": "before"], increment: ["count": 1]))
        fixture.clock.advance(by: 30 * 86_400_000)  // the wall clock jumps a month ahead
        try a.put(
            "things", id: "x", RecordUpdate(set: ["name": "jumped"], increment: ["count": 2], add: ["tags": ["t"]]))
        try a.put("things", id: "y", RecordUpdate(set: ["name": "new in the jump"]))
        fixture.clock.set(start + 60_000)  // and is set right
        let reference = try a.setClockReference(hubMilliseconds: start + 60_000, offsetMilliseconds: 0)
        #expect(reference.restamped > 0)
        #expect(reference.last.milliseconds <= start + 60_000 + 300_000)
        #expect(try a.versionVector()[a.id] == reference.last)
        // Nothing of it is lost or changed: the values stay, the times come back.
        #expect(
            try a.record("things", id: "x")?.canonicalJSON
                == #"{"count":3,"id":"x","name":"jumped","note":null,"scope":"fleet","tags":["t"]}"#)
        #expect(try a.outbox().allSatisfy { $0.time <= reference.last })
        try a.put("things", id: "x", RecordUpdate(set: ["name": "after"]))
        try SyncEdgeTests.send(a, b)
        #expect(try b.quarantine().isEmpty)
        #expect(try b.dump() == a.dump())
        #expect(try b.record("things", id: "x")?.canonicalJSON.contains("\"name\":\"after\"") == true)
        // The outbox replayed gives the same records: the restamped entry replaced the old ones.
        var model = ReplicaState()
        for entry in try a.outbox(limit: 1000) { model.merge(try Changeset(binary: entry.payload)) }
        #expect(model.dump(schema: StoreFixture.schema) == (try a.dump()))
    }
}
