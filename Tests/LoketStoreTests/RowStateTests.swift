import Foundation
import GRDB
import LoketSync
import LoketTesting
import Testing

@testable import LoketStore

/// A row keeps its register values once: the columns hold them, and the CRDT state beside
/// them (`_crdt`) leaves integers, texts and nulls to the columns, keeping only what a
/// column cannot give back exactly (booleans, fractions, arrays, objects).
@Suite("Row state: values kept once")
struct RowStateTests {
    static let text = "Zwolle-Noord, Bibliotheek aan de Vecht"

    func stateBlob(_ replica: Replica, _ id: String) throws -> [UInt8] {
        try replica.read { db in
            [UInt8](try Data.fetchOne(db, sql: "SELECT \"_crdt\" FROM things WHERE id = ?", arguments: [id])!)
        }
    }

    func field(_ replica: Replica, _ id: String, _ name: String) throws -> FieldValue? {
        guard case .object(let members)? = try replica.record("things", id: id) else { return nil }
        return members[name]
    }

    @Test("texts and integers live in the columns only; every kind reads back, after a reopen and on a peer")
    func valuesOnce() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        let values: [FieldValue] = [
            .string(Self.text), .int(-1_234_567), .null, true, 2.5, .array([1, "z"]), .object(["k": "v"]),
        ]
        for (index, value) in values.enumerated() {
            try replica.put("things", id: "r\(index)", RecordUpdate(set: ["name": value, "note": "n"]))
        }
        let text = try stateBlob(replica, "r0")
        #expect(text.first == 2, "the row's state leaves values to its columns (version 2)")
        #expect(!text.contains(subsequence: Array(Self.text.utf8)), "the text is in the column only")
        // The same record's state whole would be longer by the text and more.
        let whole = try replica.read { db in
            try CollectionTables.decode(
                Row.fetchOne(db, sql: "SELECT \"_crdt\", name, note FROM things WHERE id = 'r0'")!, at: 0, "things",
                "r0", registers: ["name", "note"])
        }.encoded()
        #expect(whole.count >= text.count + Self.text.utf8.count)

        let before = try replica.dump()
        try replica.close()
        let reopened = try fixture.open("desk-1")
        #expect(try reopened.dump() == before)
        for (index, value) in values.enumerated() {
            #expect(try field(reopened, "r\(index)", "name") == value, "value \(index)")
        }
        let peer = try fixture.open("desk-2")
        try StoreFixture.sync(from: reopened, to: peer)
        #expect(try peer.dump() == before)
    }

    @Test(
        "a state kept whole (as an older version wrote it) still reads, and the next write leaves values to the columns"
    )
    func wholeStateReads() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        try replica.put("things", id: "r1", RecordUpdate(set: ["name": .string(Self.text), "note": 7]))
        try replica.write { tx in
            try tx.read { db in
                let state = try CollectionTables.decode(
                    Row.fetchOne(db, sql: "SELECT \"_crdt\", name, note FROM things WHERE id = 'r1'")!, at: 0,
                    "things", "r1", registers: ["name", "note"])
                try db.execute(
                    sql: "UPDATE things SET \"_crdt\" = ? WHERE id = 'r1'", arguments: [Data(state.encoded())])
            }
        }
        #expect(try stateBlob(replica, "r1").first == 1)
        #expect(try field(replica, "r1", "name") == .string(Self.text))
        try replica.put("things", id: "r1", RecordUpdate(set: ["note": 8]))
        let rewritten = try stateBlob(replica, "r1")
        #expect(rewritten.first == 2)
        #expect(!rewritten.contains(subsequence: Array(Self.text.utf8)))
        #expect(try field(replica, "r1", "name") == .string(Self.text))
        #expect(try field(replica, "r1", "note") == 8)
    }

    @Test("fields declared later, sorting before and between the old ones, leave every stored value in place")
    func schemaGrows() throws {
        let fixture = try StoreFixture()
        let replica = try fixture.open("desk-1")
        for index in 0..<20 {
            try replica.put(
                "things", id: "r\(index)",
                RecordUpdate(set: ["name": .string("\(Self.text) \(index)"), "note": .int(Int64(index))]))
        }
        let before = try replica.dump()
        try replica.close()
        // `aardvark` sorts before both old fields, `middle` between them: each old field's
        // place among the register columns moves.
        let grown = try Schema([
            CollectionSchema(
                name: "things",
                fields: [
                    "aardvark": .register, "name": .register, "middle": .register, "note": .register,
                    "count": .counter, "tags": .set,
                ])
        ])
        let reopened = try fixture.open("desk-1", schema: grown)
        for index in 0..<20 {
            #expect(try field(reopened, "r\(index)", "name") == .string("\(Self.text) \(index)"))
            #expect(try field(reopened, "r\(index)", "note") == .int(Int64(index)))
            #expect(try field(reopened, "r\(index)", "aardvark") == .null)
        }
        try reopened.put("things", id: "r3", RecordUpdate(set: ["aardvark": 1, "middle": "m"]))
        #expect(try field(reopened, "r3", "name") == .string("\(Self.text) 3"))
        #expect(try field(reopened, "r3", "middle") == .string("m"))
        // The old records, without the new fields, dump as before.
        guard case .object(let old) = before, case .array(let oldThings)? = old["things"],
            case .object(let now) = try reopened.dump(), case .array(let nowThings)? = now["things"]
        else {
            Issue.record("no things in the dump")
            return
        }
        // Every record but r3, with the two new (null) fields taken out, is as it was.
        let withoutNew: [FieldValue] = nowThings.compactMap { record in
            guard case .object(var members) = record, members["id"] != .string("r3") else { return nil }
            #expect(members.removeValue(forKey: "aardvark") == .null)
            #expect(members.removeValue(forKey: "middle") == .null)
            return .object(members)
        }
        #expect(
            withoutNew == oldThings.filter { if case .object(let m) = $0 { m["id"] != .string("r3") } else { true } })
        #expect(withoutNew.count == 19)
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains {
            self[$0..<$0 + subsequence.count].elementsEqual(subsequence)
        }
    }
}
