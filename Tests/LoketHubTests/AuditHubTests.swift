import Foundation
import GRDB
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// The audit log through the hub: admin actions in the hub's chain, desks' entries arriving
/// with their pushes, both reaching other terminals, and the hub refusing what would
/// rewrite the log.
@Suite struct AuditHubTests {
    @Test(
        "admin and desk actions are audited, synced to every terminal, and verify against the hub's heads",
        arguments: StoreKind.allCases)
    func auditedAndSynced(store: StoreKind) async throws {
        try await withHub(store) { running in
            let desk = try await running.terminal("desk-1", scopes: ["fleet", "branch:centrum", "terminal:desk-1"])
            let other = try await running.terminal("desk-2", scopes: ["fleet", "branch:centrum", "terminal:desk-2"])
            for tag in ["LPT-1", "LPT-2"] {
                try desk.replica.write { tx in
                    try tx.appendAudit(
                        actor: "desk:desk-1", action: "lend.checkout", target: "device:\(tag)",
                        place: "branch:centrum", scope: "branch:centrum", at: 1_000)
                }
            }
            _ = try await desk.sync()
            _ = try await other.sync()

            let admin = try running.admin()
            let page = try await admin.auditLog()
            let hubEntries = page.entries.filter { $0.chain == "loket:hub" }
            #expect(hubEntries.map(\.action) == ["terminal.enrolment-code", "terminal.enrolment-code"])
            #expect(hubEntries.map(\.actor) == ["key:admin", "key:admin"])
            #expect(hubEntries.map(\.target) == ["terminal:desk-1", "terminal:desk-2"])
            let deskChain = desk.replica.id.rawValue
            #expect(page.entries.filter { $0.chain == deskChain }.map(\.target) == ["device:LPT-1", "device:LPT-2"])
            let report = AuditVerifier.verify(page.entries.map { ($0.recordID, .success($0)) }, heads: page.heads)
            #expect(report.isIntact, "\(report.problems)")
            #expect(Set(page.heads.map(\.chain)) == ["loket:hub", deskChain])

            // The other desk holds both chains, and they verify against the hub's heads.
            let copy = try other.replica.verifyAudit(heads: page.heads)
            #expect(copy.isIntact, "\(copy.problems)")
            #expect(Set(copy.chains.map(\.chain)) == ["loket:hub", deskChain])

            // A desk that loses its last entry (restored from an old backup, or cut by hand)
            // no longer matches the hub.
            let queue = try DatabaseQueue(path: other.replica.path)
            try await queue.write {
                try $0.execute(sql: "DELETE FROM audit WHERE chain = ? AND seq = 2", arguments: [deskChain])
            }
            try queue.close()
            #expect(try other.replica.verifyAudit(heads: page.heads).problems.map(\.kind) == [.truncated])
        }
    }

    @Test(
        "the hub refuses an entry in another writer's chain, the deletion of an entry and its rewriting",
        arguments: StoreKind.allCases)
    func appendOnly(store: StoreKind) async throws {
        try await withHub(store) { running in
            let desk = try await running.terminal("desk-1", scopes: ["fleet", "branch:centrum", "terminal:desk-1"])
            let own = try desk.replica.write { tx in
                try tx.appendAudit(
                    actor: "desk:desk-1", action: "lend.return", target: "device:LPT-1", place: "branch:centrum",
                    scope: "branch:centrum", at: 1_000)
            }
            _ = try await desk.sync()
            // The desk's own store refuses to change or delete an entry…
            #expect(throws: StoreError.self) { try desk.replica.delete("audit", id: own.recordID) }
            #expect(throws: StoreError.self) {
                try desk.replica.put("audit", id: own.recordID, RecordUpdate(set: ["target": .string("device:X")]))
            }
            // …so a terminal running other software pushes it by hand: a forged entry in the
            // hub's chain, and its own entry deleted.
            let origin = desk.replica.id
            let stamp = HybridTimestamp(
                time: HybridTime(packed: Int64(running.clock.nowMilliseconds()) << 16)!, replica: origin)
            let forgedID = AuditEntry.recordID(chain: "loket:hub", sequence: 99)
            var changes = [
                Change(
                    collection: "audit", recordID: own.recordID, scope: "branch:centrum", causalLength: 2,
                    timestamp: stamp, operation: .existence),
                Change(
                    collection: "audit", recordID: forgedID, scope: "branch:centrum", causalLength: 1,
                    timestamp: stamp, operation: .existence),
            ]
            changes.append(
                Change(
                    collection: "audit", recordID: desk.replica.id.rawValue + "/0000000002", scope: "branch:centrum",
                    causalLength: 1, timestamp: stamp, operation: .register(field: "chain", value: .string("loket:hub"))
                ))
            let terminal = try #require(try await running.hub.store.terminal(named: "desk-1"))
            let receipt = try await TerminalKey.push(
                [(terminal.pushedSequence + 1, Changeset(changes: changes).encoded())], by: desk, to: running.hub)
            #expect(receipt.refused.map(\.code) == ["audit-append-only", "audit-foreign-chain", "audit-foreign-chain"])
            #expect(receipt.accepted == 0)
            let page = try await running.admin().auditLog()
            #expect(!page.entries.contains { $0.sequence == 99 })
            #expect(page.entries.contains { $0.recordID == own.recordID })

            // Its own past entry rewritten, field by field, in a later push (a newer stamp
            // would win the merge): refused, and the entry the hub serves is unchanged.
            let later = HybridTimestamp(
                time: HybridTime(packed: (Int64(running.clock.nowMilliseconds()) + 1) << 16)!, replica: origin)
            let rewrite = [
                Change(
                    collection: "audit", recordID: own.recordID, scope: "branch:centrum", causalLength: 1,
                    timestamp: later, operation: .register(field: "target", value: .string("device:LPT-9"))),
                Change(
                    collection: "audit", recordID: own.recordID, scope: "branch:centrum", causalLength: 1,
                    timestamp: later, operation: .register(field: "actor", value: .string("desk:someone-else"))),
            ]
            let after = try #require(try await running.hub.store.terminal(named: "desk-1"))
            let rewritten = try await TerminalKey.push(
                [(after.pushedSequence + 1, Changeset(changes: rewrite).encoded())], by: desk, to: running.hub)
            #expect(rewritten.refused.map(\.code) == ["audit-append-only", "audit-append-only"])
            #expect(rewritten.accepted == 0)
            let reader = try await running.terminal("reader", scopes: ["branch:centrum"])
            try await reader.sync()
            let target = try reader.replica.read {
                try String.fetchOne($0, sql: "SELECT target FROM audit WHERE id = ?", arguments: [own.recordID])
            }
            #expect(target == "device:LPT-1", "the entry as it was written")
        }
    }

    @Test("staff see their branch's chains and entries only, with those chains' heads", arguments: [StoreKind.sqlite])
    func staffSeesOwnBranch(store: StoreKind) async throws {
        try await withHub(store) { running in
            // Enrolled with a list of collections that does not name the audit log (as every
            // terminal enrolled before it existed): its entries are taken all the same.
            let north = try await running.terminal(
                "desk-n", scopes: ["branch:noord", "terminal:desk-n"], collections: ["devices", "loans"])
            let south = try await running.terminal("desk-s", scopes: ["branch:zuid", "terminal:desk-s"])
            for (client, branch) in [(north, "noord"), (south, "zuid")] {
                try client.replica.write { tx in
                    try tx.appendAudit(
                        actor: "desk:x", action: "lend.checkout", target: "device:A", place: "branch:\(branch)",
                        scope: "branch:\(branch)", at: 1)
                }
                _ = try await client.sync()
            }
            let key = SigningKeyFile(keyID: "fatima", privateKey: .init())
            try await running.hub.store.addKey(
                KeyRecord(keyID: "fatima", role: .staff, branch: "noord", publicKey: key.publicKeyBase64))
            let staff = try AdminClient(
                hub: running.url, key: key, configuration: SyncConfiguration(), clock: running.clock)
            let page = try await staff.auditLog()
            try await staff.shutdown()
            #expect(page.entries.map(\.place) == ["branch:noord"])
            #expect(try north.replica.quarantine().isEmpty, "nothing of the desk's chain refused")
            #expect(page.heads.map(\.chain) == [north.replica.id.rawValue], "their branch's chains, with heads")
            #expect(AuditVerifier.verify(page.entries.map { ($0.recordID, .success($0)) }, heads: page.heads).isIntact)
        }
    }
}
