import GRDB
import LoketHub
import LoketLending
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// A terminal of one branch writing or deleting, under its own scope, a record another
/// branch holds (an asset tag or card token guessed): the hub refuses it, and the record
/// stays where it was, before and after the log is folded.
@Suite("Record ownership", .serialized)
struct RecordOwnershipTests {
    static let token = "card-0123456789abcdef0123456789abcdef"

    @Test("a record of another branch cannot be taken over or deleted", arguments: StoreKind.allCases)
    func takeoverIsRefused(store: StoreKind) async throws {
        try await withHub(store) { running in
            let victim = try await running.terminal(
                "desk-b", scopes: ["branch:b"], collections: ["borrowers", "devices"])
            try victim.replica.write { tx in
                try tx.put(
                    "borrowers", id: Self.token, scope: "branch:b",
                    RecordUpdate(set: ["email": .string("patron@example.nl"), "address": .string("Dorpsstraat 1")]))
                try tx.put("devices", id: "LAP-0001", scope: "branch:b", RecordUpdate(set: ["model": .string("x220")]))
            }
            try await victim.sync()

            let attacker = try await running.terminal(
                "desk-a", scopes: ["branch:a"], collections: ["borrowers", "devices"])
            try attacker.replica.write { tx in
                try tx.put(
                    "borrowers", id: Self.token, scope: "branch:a", RecordUpdate(set: ["language": .string("en")]))
                try tx.put("devices", id: "LAP-0001", scope: "branch:a", RecordUpdate(set: ["model": .string("mine")]))
                _ = try tx.delete("devices", id: "LAP-0001")
                // A record nobody holds yet is the attacker's own to make.
                try tx.put("devices", id: "LAP-0100", scope: "branch:a", RecordUpdate(set: ["model": .string("t480")]))
            }
            let report = try await attacker.sync()
            let quarantine = try attacker.replica.quarantine()
            #expect(report.refusedChanges == quarantine.count)
            #expect(Set(quarantine.map(\.reasonCode)) == ["foreign-record"])
            #expect(Set(quarantine.map { $0.change.recordID }) == [Self.token, "LAP-0001"])
            #expect(quarantine.contains { $0.change.causalLength % 2 == 0 }, "the delete is refused too")
            #expect(quarantine.allSatisfy { !$0.reason.contains("branch:b") }, "the reason names no other scope")
            #expect(try attacker.replica.outboxCount() == 0)

            // Everyone acknowledges; the hub folds its log, so the records' scopes come
            // from the fold too.
            try await victim.sync()
            _ = try await running.hub.collectGarbage()

            let newA = try await running.terminal("desk-a2", scopes: ["branch:a"])
            try await newA.sync()
            let seenByA = try newA.replica.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM borrowers")!,
                    try String.fetchAll(db, sql: "SELECT id FROM devices ORDER BY id")
                )
            }
            #expect(seenByA.0 == 0, "branch a never receives branch b's borrower")
            #expect(seenByA.1 == ["LAP-0100"])

            let newB = try await running.terminal("desk-b2", scopes: ["branch:b"])
            try await newB.sync()
            let seenByB = try newB.replica.read { db in
                (
                    try String.fetchOne(db, sql: "SELECT email FROM borrowers WHERE id = ?", arguments: [Self.token]),
                    try String.fetchOne(
                        db, sql: "SELECT language FROM borrowers WHERE id = ?", arguments: [Self.token]),
                    try String.fetchAll(db, sql: "SELECT id || ':' || model FROM devices ORDER BY id")
                )
            }
            #expect(seenByB.0 == "patron@example.nl", "branch b keeps its borrower")
            #expect(seenByB.1 == nil, "and none of the attacker's fields")
            #expect(seenByB.2 == ["LAP-0001:x220"], "branch b's device is neither moved, changed nor deleted")
        }
    }

    @Test(
        "a record stays in the scope it was stored in, across deletes and within one push",
        arguments: StoreKind.allCases)
    func firstScopeHolds(store: StoreKind) async throws {
        try await withHub(store) { running in
            let desk = try await running.terminal("desk", scopes: ["branch:a", "branch:b"], collections: ["devices"])
            try desk.replica.put(
                "devices", id: "LAP-7", scope: "branch:a", RecordUpdate(set: ["model": .string("one")]))
            try await desk.sync()
            // The terminal, allowed in both scopes, cannot move a record by deleting it and
            // making it again under the other scope: a move is the hub's act. Its own store
            // refuses that already; a tampered terminal that sends it anyway is refused by
            // the hub — also within one push, with a record the hub has not seen yet.
            #expect(throws: StoreError.self) {
                try desk.replica.write { tx in
                    _ = try tx.delete("devices", id: "LAP-7")
                    try tx.put("devices", id: "LAP-7", scope: "branch:b", RecordUpdate(set: ["model": .string("two")]))
                }
            }
            let now = running.clock.nowMilliseconds()
            func change(_ id: String, _ scope: String, _ length: UInt64, _ tick: UInt16, _ operation: ChangeOperation)
                -> Change
            {
                Change(
                    collection: "devices", recordID: id, scope: scope, causalLength: length,
                    timestamp: HybridTimestamp(
                        time: HybridTime(milliseconds: now, counter: tick)!, replica: desk.replica.id),
                    operation: operation)
            }
            let crafted = Changeset(changes: [
                change("LAP-7", "branch:a", 2, 1, .existence),
                change("LAP-7", "branch:b", 3, 2, .existence),
                change("LAP-7", "branch:b", 3, 3, .register(field: "model", value: "two")),
                change("LAP-8", "branch:a", 1, 4, .existence),
                change("LAP-8", "branch:a", 1, 5, .register(field: "model", value: "three")),
                change("LAP-8", "branch:a", 2, 6, .existence),
                change("LAP-8", "branch:b", 3, 7, .existence),
                change("LAP-8", "branch:b", 3, 8, .register(field: "model", value: "four")),
            ])
            let receipt = try await TerminalKey.push([(1_000, crafted.encoded())], by: desk, to: running.hub)
            #expect(Set(receipt.refused.map(\.code)) == ["foreign-record"])
            #expect(
                receipt.refused.map(\.index) == [1, 2, 6, 7], "existence and model of both records in branch:b")

            let peerB = try await running.terminal("peer-b", scopes: ["branch:b"])
            try await peerB.sync()
            #expect(try peerB.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 0)
            let peerA = try await running.terminal("peer-a", scopes: ["branch:a"])
            try await peerA.sync()
            #expect(try peerA.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 0)
        }
    }
}

extension RecordOwnershipTests {
    /// A store made before the hub kept owners learns them when it is upgraded: from the
    /// folded records and from the log.
    @Test("an upgraded store knows who holds the records it had", arguments: StoreKind.allCases)
    func upgradedStoreKnowsOwners(store: StoreKind) async throws {
        try await withHub(store) { running in
            let victim = try await running.terminal(
                "desk-b", scopes: ["branch:b"], collections: ["borrowers", "devices"])
            try victim.replica.put(
                "devices", id: "LAP-0001", scope: "branch:b", RecordUpdate(set: ["model": .string("x")]))
            try await victim.sync()
            try await victim.sync()  // acknowledges the device, so it can be folded
            let report = try await running.hub.collectGarbage()
            #expect(report.foldedRows >= 1, "the device is among the folded records: \(report)")
            try victim.replica.put(
                "borrowers", id: Self.token, scope: "branch:b", RecordUpdate(set: ["email": .string("p@example.nl")]))
            try await victim.sync()

            // The store as the previous version left it: no owners.
            switch store {
            case .sqlite:
                let queue = try DatabaseQueue(path: running.folder.path("hub.sqlite"))
                try await queue.write { db in
                    try db.execute(
                        sql: """
                            DROP TABLE hub_owners;
                            DELETE FROM grdb_migrations WHERE identifier = 'hub v3: record owners';
                            """)
                }
                try queue.close()
                try await SQLiteHubStore(path: running.folder.path("hub.sqlite")).prepare()
            case .postgres:
                let server = try #require(running.postgres)
                try server.execute("DROP TABLE hub_owners")
                let upgraded = try PostgresHubStore(url: server.url(), logger: TestLogging.silent)
                try await upgraded.prepare()
                try await upgraded.close()
            }

            let attacker = try await running.terminal(
                "desk-a", scopes: ["branch:a"], collections: ["borrowers", "devices"])
            try attacker.replica.write { tx in
                try tx.put(
                    "borrowers", id: Self.token, scope: "branch:a", RecordUpdate(set: ["language": .string("en")]))
                try tx.put("devices", id: "LAP-0001", scope: "branch:a", RecordUpdate(set: ["model": .string("mine")]))
            }
            try await attacker.sync()
            let refused = try attacker.replica.quarantine()
            #expect(Set(refused.map(\.reasonCode)) == ["foreign-record"])
            #expect(Set(refused.map { $0.change.recordID }) == [Self.token, "LAP-0001"])
        }
    }
}

extension RecordOwnershipTests {
    /// One patron borrowing at two branches: each branch's desk keeps its own record of
    /// the contact details, so neither write is another scope's record.
    @Test("two branches' desks both keep a borrower's contact", arguments: StoreKind.allCases)
    func borrowerAtTwoBranches(store: StoreKind) async throws {
        try await withHub(store) { running in
            var contacts: [String?] = []
            for branch in ["noord", "zuid"] {
                let client = try await running.terminal(
                    "desk-\(branch)", scopes: ["branch:\(branch)"], collections: ["borrowers", "audit"])
                let desk = try LendingDesk(
                    replica: client.replica, branch: branch, desk: "desk-\(branch)", clock: running.clock,
                    logger: TestLogging.silent)
                try desk.optIn(Self.token, email: "\(branch)@example.nl", address: nil)
                try await client.sync()
                #expect(try client.replica.quarantine().isEmpty, "the hub took \(branch)'s borrower")
                let reader = try await running.terminal("reader-\(branch)", scopes: ["branch:\(branch)"])
                try await reader.sync()
                let other = try LendingDesk(
                    replica: reader.replica, branch: branch, desk: "reader-\(branch)", clock: running.clock,
                    logger: TestLogging.silent)
                contacts.append(try other.borrower(Self.token)?.email)
            }
            #expect(contacts == ["noord@example.nl", "zuid@example.nl"])
        }
    }
}

extension RecordOwnershipTests {
    @Test("a terminal cannot pass its changes off as another replica's", arguments: StoreKind.allCases)
    func foreignOriginIsRefused(store: StoreKind) async throws {
        try await withHub(store) { running in
            let victim = try await running.terminal("desk-b", scopes: ["branch:a"], collections: ["devices"])
            let forger = try await running.terminal("desk-a", scopes: ["branch:a"], collections: ["devices"])
            let stamp = HybridTimestamp(
                time: HybridTime(packed: Int64(running.clock.nowMilliseconds()) << 16)!, replica: victim.replica.id)
            let forged = Change(
                collection: "devices", recordID: "LAP-1", scope: "branch:a", causalLength: 1, timestamp: stamp,
                operation: .existence)
            let terminal = try #require(try await running.hub.store.terminal(named: "desk-a"))
            let receipt = try await TerminalKey.push(
                [(terminal.pushedSequence + 1, Changeset(changes: [forged]).encoded())], by: forger, to: running.hub)
            #expect(receipt.refused.map(\.code) == ["foreign-origin"] && receipt.accepted == 0)
            try await forger.sync()
            #expect(try forger.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 0)
        }
    }
}
