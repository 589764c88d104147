import Foundation
import GRDB
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The audit log's hash chains: entries written with actions, synced like any record, and
/// `AuditVerifier` finding every changed, removed or reordered entry.
@Suite struct AuditLogTests {
    /// A replica with the built-in schema and `count` entries in its chain.
    func desk(_ fixture: StoreFixture, name: String = "desk-1", count: Int) throws -> Replica {
        let replica = try fixture.open(name, schema: .builtIn)
        for index in 1...count {
            fixture.clock.advance(by: 1_000)
            try replica.write { tx in
                try tx.put(
                    "devices", id: "LPT-\(index)", scope: "branch:centrum",
                    RecordUpdate(set: ["kind": .string("laptop")]))
                try tx.appendAudit(
                    actor: "desk:\(name)", action: "lend.device-add", target: "device:LPT-\(index)",
                    place: "branch:centrum", detail: "laptop", scope: "branch:centrum",
                    at: Int64(fixture.clock.nowMilliseconds()))
            }
        }
        return replica
    }

    func tamper(_ replica: Replica, _ sql: String) throws {
        // Straight into the table, as someone with the file would: no change, no outbox.
        let queue = try DatabaseQueue(path: replica.path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }

    @Test("entries chain by sequence and hash, are written with the action, and verify intact")
    func intactChain() throws {
        let fixture = try StoreFixture()
        let replica = try desk(fixture, count: 5)
        let entries = try replica.auditRecords().map { try $0.entry.get() }
        #expect(entries.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(entries[0].previous == "")
        for (before, after) in zip(entries, entries.dropFirst()) { #expect(after.previous == before.hash) }
        #expect(Set(entries.map(\.hash)).count == 5)
        let report = try replica.verifyAudit()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.chains == [AuditHead(chain: "desk-1", sequence: 5, hash: entries[4].hash)])
        // An action that fails leaves no entry: both are one transaction.
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try replica.write { tx in
                try tx.appendAudit(
                    actor: "desk:desk-1", action: "lend.checkout", target: "device:LPT-1", place: "branch:centrum",
                    scope: "branch:centrum", at: 1)
                throw Refused()
            }
        }
        #expect(try replica.auditRecords().count == 5)
    }

    @Test("a changed entry is found, and so is one whose hash was made again")
    func changedEntry() throws {
        let fixture = try StoreFixture()
        let replica = try desk(fixture, count: 5)
        try tamper(replica, "UPDATE audit SET target = 'device:LPT-9' WHERE seq = 3")
        var report = try replica.verifyAudit()
        #expect(report.problems.map(\.kind) == [.changed])
        #expect(report.problems.first?.sequence == 3)

        // Whoever also recomputes the hash breaks the next entry's link instead.
        var third = try replica.auditRecords()[2].entry.get()
        third.hash = third.computedHash
        try tamper(replica, "UPDATE audit SET hash = '\(third.hash)' WHERE seq = 3")
        report = try replica.verifyAudit()
        #expect(report.problems.map(\.kind) == [.brokenLink])
        #expect(report.problems.first?.sequence == 4)
    }

    @Test("a removed entry is found: a gap in the middle, or the end cut off against a known head")
    func removedEntry() throws {
        let fixture = try StoreFixture()
        let replica = try desk(fixture, count: 5)
        try tamper(replica, "DELETE FROM audit WHERE seq = 2")
        var report = try replica.verifyAudit()
        #expect(report.problems.map(\.kind).contains(.missing))
        #expect(report.problems.first { $0.kind == .missing }?.sequence == 2)
        #expect(report.problems.allSatisfy { $0.chain == "desk-1" })

        let other = try desk(fixture, name: "desk-2", count: 4)
        let otherHead = try #require(try other.verifyAudit().chains.first)
        try tamper(other, "DELETE FROM audit WHERE seq = 4")
        // Alone the shorter chain looks whole; against the head seen before it does not.
        #expect(try other.verifyAudit().isIntact)
        report = try other.verifyAudit(heads: [otherHead])
        #expect(report.problems.map(\.kind) == [.truncated])
        #expect(report.problems.first?.sequence == 4)
    }

    @Test("reordered entries are found, whether the records or their sequence numbers were swapped")
    func reorderedEntries() throws {
        let fixture = try StoreFixture()
        let replica = try desk(fixture, count: 5)
        // The contents of entries 2 and 3 swapped under their record ids.
        try tamper(
            replica,
            """
            UPDATE audit SET id = 'swap' WHERE seq = 2;
            UPDATE audit SET id = 'desk-1/0000000002' WHERE seq = 3;
            UPDATE audit SET id = 'desk-1/0000000003' WHERE id = 'swap';
            """)
        var report = try replica.verifyAudit()
        #expect(report.problems.map(\.kind).filter { $0 == .misplaced }.count == 2)

        let other = try desk(fixture, name: "desk-2", count: 5)
        // The sequence numbers of entries 2 and 3 swapped: the order they claim changes.
        try tamper(
            other,
            """
            UPDATE audit SET seq = 99 WHERE seq = 2;
            UPDATE audit SET seq = 2 WHERE seq = 3;
            UPDATE audit SET seq = 3 WHERE seq = 99;
            """)
        report = try other.verifyAudit()
        #expect(report.problems.map(\.kind).contains(.changed))
        #expect(report.problems.map(\.kind).contains(.misplaced))
        #expect(!report.isIntact)
    }

    @Test("entries sync like any record; two writers keep two chains, and the merged log verifies")
    func syncedChains() throws {
        let fixture = try StoreFixture()
        let one = try desk(fixture, name: "desk-1", count: 3)
        let two = try desk(fixture, name: "desk-2", count: 2)
        try StoreFixture.sync(from: one, to: two)
        try StoreFixture.sync(from: two, to: one)
        for replica in [one, two] {
            let report = try replica.verifyAudit()
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.chains.map(\.chain) == ["desk-1", "desk-2"])
            #expect(report.chains.map(\.sequence) == [3, 2])
        }
        // The next entry of desk-2 follows its own chain, not desk-1's longer one.
        let next = try two.write { tx in
            try tx.appendAudit(
                actor: "desk:desk-2", action: "lend.return", target: "device:LPT-1", place: "branch:centrum",
                scope: "branch:centrum", at: 99)
        }
        #expect(next.sequence == 3)
        #expect(next.chain == "desk-2")
    }

    @Test("a record that is not an entry is reported, not skipped")
    func unreadable() throws {
        let fixture = try StoreFixture()
        let replica = try desk(fixture, count: 2)
        try tamper(replica, "UPDATE audit SET seq = 'two' WHERE seq = 2")
        let report = try replica.verifyAudit()
        #expect(report.problems.map(\.kind).contains(.unreadable))
        #expect(report.problems.first { $0.kind == .unreadable }?.message.contains("seq") == true)
    }
}
