import LoketSync
import Testing

@Suite("Merging changesets is idempotent, commutative and associative")
struct MergeLawTests {
    func merged(_ changesets: Changeset...) -> ReplicaState {
        var state = ReplicaState()
        for changeset in changesets { state.merge(changeset) }
        return state
    }

    @Test("the laws hold on random changesets", arguments: 0..<50)
    func laws(seed: Int) {
        var random = RandomChanges(seed: UInt64(seed))
        let x = random.changeset(count: 25)
        let y = random.changeset(count: 25)
        let z = random.changeset(count: 25)
        #expect(merged(x, x) == merged(x), "idempotent, seed \(seed)")
        #expect(merged(x, y) == merged(y, x), "commutative, seed \(seed)")
        let yz = Changeset(changes: y.changes + z.changes)
        let xy = Changeset(changes: x.changes + y.changes)
        #expect(merged(xy, z) == merged(x, yz), "associative, seed \(seed)")
        // Any order of the single changes gives the same state.
        var generator = SeededGenerator(seed: UInt64(seed) &+ 99)
        let all = x.changes + y.changes + z.changes
        let shuffled = Changeset(changes: all.shuffled(using: &generator) + all.shuffled(using: &generator))
        #expect(merged(shuffled) == merged(Changeset(changes: all)), "order and duplicates, seed \(seed)")
    }

    @Test("delete and re-create converge everywhere; old fields do not come back")
    func deleteAndRecreate() throws {
        let a = try ReplicaID("a")
        let b = try ReplicaID("b")
        func change(_ cl: UInt64, _ ms: UInt64, _ replica: ReplicaID, _ op: ChangeOperation) -> Change {
            Change(
                collection: "devices", recordID: "LPT-1", scope: "fleet", causalLength: cl,
                timestamp: HybridTimestamp(time: HybridTime(milliseconds: ms, counter: 0)!, replica: replica),
                operation: op)
        }
        let created = change(1, 1, a, .existence)
        let named = change(1, 2, a, .register(field: "model", value: "old"))
        let deleted = change(2, 3, b, .existence)
        let lateWrite = change(1, 4, a, .register(field: "state", value: "lent"))  // concurrent with the delete
        let recreated = change(3, 5, a, .existence)
        let renamed = change(3, 6, a, .register(field: "state", value: "new"))
        let all = [created, named, deleted, lateWrite, recreated, renamed]
        var generator = SeededGenerator(seed: 7)
        let schema = try Schema([CollectionSchema(name: "devices", fields: ["model": .register, "state": .register])])
        var dumps = Set<String>()
        for _ in 0..<30 {
            var state = ReplicaState()
            for change in all.shuffled(using: &generator) { state.apply(change) }
            dumps.insert(state.dump(schema: schema).canonicalJSON)
        }
        #expect(dumps.count == 1)
        #expect(dumps.first == #"{"devices":[{"id":"LPT-1","model":null,"scope":"fleet","state":"new"}]}"#)
        // Without the re-create, the delete wins over the concurrent write.
        var state = ReplicaState()
        for change in [lateWrite, deleted, created, named] { state.apply(change) }
        #expect(state.dump(schema: schema).canonicalJSON == #"{"devices":[]}"#)
    }

    @Test("a version vector is a semilattice too")
    func versionVectors() throws {
        let a = try ReplicaID("a")
        let b = try ReplicaID("b")
        let x = VersionVector([a: HybridTime(milliseconds: 5, counter: 0)!])
        let y = VersionVector([
            a: HybridTime(milliseconds: 3, counter: 1)!, b: HybridTime(milliseconds: 9, counter: 0)!,
        ])
        #expect(x.merging(y) == y.merging(x))
        #expect(x.merging(x) == x)
        #expect(x.merging(y).dominates(x) && x.merging(y).dominates(y))
        #expect(!x.dominates(y))
        let json = x.merging(y).json
        #expect(try VersionVector(json: json) == x.merging(y))
        #expect(throws: VersionVectorFormatError.self) { try VersionVector(json: .object(["a": .int(5)])) }
    }

    @Test("a state that leaves register values to its row's columns reads back whole with them", arguments: 0..<20)
    func stateWithColumns(seed: Int) throws {
        var random = RandomChanges(seed: UInt64(seed) &+ 500)
        var state = ReplicaState()
        state.merge(random.changeset(count: 60))
        // A record with every kind of value besides the random ones, two fields at a time.
        var every = RecordState()
        let origin = try ReplicaID("desk")
        let kinds: [String: FieldValue] = [
            "a": 1, "b": "Zwolle", "c": .null, "d": true, "e": 2.5, "f": .array([1]), "g": .object(["k": "v"]),
        ]
        for (index, (field, value)) in kinds.sorted(by: { $0.key < $1.key }).enumerated() {
            _ = every.apply(
                Change(
                    collection: "things", recordID: "x", scope: "fleet", causalLength: 1,
                    timestamp: HybridTimestamp(
                        time: HybridTime(milliseconds: 1_000, counter: UInt16(index / 2))!, replica: origin),
                    operation: .register(field: field, value: value)))
        }
        var leftSome = false
        for record in state.records.values.map({ $0 }) + [every] {
            // Every register field has a column holding its value, but the first of two or more.
            let values = Dictionary(uniqueKeysWithValues: record.registers.map { ($0.key, $0.value.value) })
            let first = record.registers.count > 1 ? record.registers.keys.first : nil
            let columns = record.registers.keys.filter { $0 != first }
            let bytes = record.encoded(columns: columns)
            var given: [String] = []
            let back = try RecordState(encoded: bytes, columns: columns) { index in
                given.append(columns[index])
                return values[columns[index]]
            }
            #expect(back == record, "seed \(seed)")
            // Only integers, texts and nulls of fields with a column were left, each read back.
            let leavable = record.registers.filter { field, register in
                guard field != first else { return false }
                switch register.value {
                case .int, .string, .null: return true
                default: return false
                }
            }.map(\.key)
            #expect(given == leavable)
            if !leavable.isEmpty {
                leftSome = true
                #expect(bytes.count < record.encoded().count)
                #expect(throws: ChangesetDecodingError.self) { try RecordState(encoded: bytes) }
            }
        }
        #expect(leftSome, "seed \(seed): no record left a value to a column")
    }

    @Test("a record's state survives its binary form", arguments: 0..<20)
    func stateRoundTrip(seed: Int) throws {
        var random = RandomChanges(seed: UInt64(seed) &+ 500)
        var state = ReplicaState()
        state.merge(random.changeset(count: 60))
        for record in state.records.values {
            #expect(try RecordState(encoded: record.encoded()) == record, "seed \(seed)")
        }
        var damaged = state.records.values.first!.encoded()
        damaged.removeLast()
        #expect(throws: ChangesetDecodingError.self) { try RecordState(encoded: damaged) }
        // Version 2, no origins, one register that names origin 0: refused, not trapped.
        let orphan: [UInt8] = [2, 0, 1, 1, 0x61, 0, 0, 1, 0, 1, 0x66, 0, 0, 0, 0, 0, 0]
        #expect(throws: ChangesetDecodingError.self) {
            try RecordState(encoded: orphan, columns: []) { _ in nil }
        }
    }

    @Test("a state exports the changes that rebuild it, and no more than a peer lacks", arguments: 0..<20)
    func stateExport(seed: Int) throws {
        var random = RandomChanges(seed: UInt64(seed) &+ 900)
        var state = ReplicaState()
        state.merge(random.changeset(count: 60))
        for (key, record) in state.records {
            var rebuilt = RecordState()
            for change in record.changes(collection: key.collection, recordID: key.recordID, since: VersionVector()) {
                rebuilt.apply(change)
            }
            // The same visible record (an implied existence is not a change of its own).
            let schema = try CollectionSchema(
                name: "things", fields: ["name": .register, "count": .counter, "tags": .set])
            #expect(
                rebuilt.visible(id: key.recordID, collection: schema)
                    == record.visible(id: key.recordID, collection: schema))
            #expect(rebuilt.isAlive == record.isAlive, "seed \(seed)")
            // A peer that holds everything gets nothing.
            var all = VersionVector()
            for change in record.changes(collection: key.collection, recordID: key.recordID, since: VersionVector()) {
                all.advance(change.origin, to: change.timestamp.time)
            }
            #expect(record.changes(collection: key.collection, recordID: key.recordID, since: all).isEmpty)
        }
    }
}
