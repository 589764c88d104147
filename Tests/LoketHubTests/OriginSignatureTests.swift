import Crypto
import Foundation
import GRDB
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Testing

@testable import LoketHub
@testable import LoketSyncClient

/// Every change is signed by the terminal that made it, and checked against that
/// terminal's enrolled key by the hub before it is stored and by every terminal before it
/// is applied: a relay can leave a change out, never alter or forge one
/// (docs/PROTOCOL.md, "Origin signatures").
@Suite("Origin signatures")
struct OriginSignatureTests {
    @Test("a push its origin did not sign is refused whole, and nothing of it is stored", arguments: StoreKind.allCases)
    func unsignedPushRefused(store: StoreKind) async throws {
        try await withHub(store) { running in
            let writer = try await running.terminal("w", scopes: ["branch:a"], collections: ["devices"])
            let other = try await running.terminal("x", scopes: ["branch:a"], collections: ["devices"])
            try writer.replica.put("devices", id: "d1", scope: "branch:a", RecordUpdate(set: ["model": .string("m")]))
            let entries = try writer.replica.outbox().map { ($0.sequence, $0.payload) }
            let body = OutboxBatch.encode(entries)
            var older = body
            older[4] = OutboxBatch.unsignedVersion
            let writerKey = try TerminalKey.of(writer)
            let manifest = try PushManifest(origin: writer.replica.id.rawValue, batch: body)
            var altered = manifest
            altered.segments[0].digest = String(repeating: "0", count: 64)
            let now = Int64(running.clock.nowMilliseconds())
            let attempts: [(String, [UInt8], SigningKeyFile, String?, Int, String)] = [
                ("signed over its raw body (version 1)", older, writerKey, nil, 400, "unsigned-push"),
                ("version 2 signed over its raw body", body, writerKey, nil, 401, "bad-signature"),
                (
                    "signed with another terminal's key", body, try TerminalKey.of(other), manifest.digest, 401,
                    "bad-signature"
                ),
                (
                    "signed as another replica", body, writerKey,
                    try PushManifest(origin: other.replica.id.rawValue, batch: body).digest, 401, "bad-signature"
                ),
                (
                    "signed over a manifest that lists another segment", body, writerKey, altered.digest, 401,
                    "bad-signature"
                ),
            ]
            for (what, body, key, digest, status, code) in attempts {
                var headers = try RawHTTP.signedHeaders(
                    "POST", "/v1/push", body: body, host: running.host, principal: "terminal:w", key: key, time: now,
                    bodyDigest: digest)
                headers.append(("Content-Type", ProtocolHeaders.outboxMediaType))
                let answer = try await RawHTTP.send(running.url, "POST", "/v1/push", headers: headers, body: body)
                #expect(
                    answer.status == status && answer.error?.error == code,
                    "\(what): \(answer.status) \(answer.error?.error ?? "")")
            }
            // In-process, an attestation that does not cover this very push is refused too.
            let terminal = try #require(try await running.hub.store.terminal(named: "w"))
            do {
                _ = try await running.hub.push(
                    try PreparedPush(body: body),
                    attestation: try TerminalKey.attest(altered, by: "w", key: writerKey.privateKey),
                    as: Authenticated(principal: .terminal(terminal), nonce: nil))
                Issue.record("a push whose signature covers other segments was taken")
            } catch let error as HubError {
                #expect(error.code == "bad-segment-signature" && error.status == 400, "\(error)")
            }
            let page = try await running.logRows(in: ["branch:a"])
            #expect(page.segments.isEmpty, "nothing of the refused pushes is in the log")
            #expect(try await running.hub.store.terminal(named: "w")?.pushedSequence == 0)
            // The terminal's own push is signed, and arrives.
            try await writer.sync()
            try await other.sync()
            #expect(try other.replica.record("devices", id: "d1")?.member("model") == "m")
        }
    }

    @Test(
        "a hub that alters, unsigns or re-keys a change in its log cannot get a terminal to apply it",
        arguments: StoreKind.allCases)
    func alteredLogRefused(store: StoreKind) async throws {
        try await withHub(store) { running in
            let writer = try await running.terminal("w", scopes: ["branch:a"], collections: ["devices"])
            let reader = try await running.terminal("r", scopes: ["branch:a"], collections: ["devices"])
            try writer.replica.put("devices", id: "d1", scope: "branch:a", RecordUpdate(set: ["model": .string("one")]))
            try await writer.sync()
            try await reader.sync()  // pins the writer's key
            #expect(try reader.replica.record("devices", id: "d1")?.member("model") == "one")

            try writer.replica.put("devices", id: "d2", scope: "branch:a", RecordUpdate(set: ["model": .string("two")]))
            try await writer.sync()
            let row = try #require(
                try await running.logRows(in: ["branch:a"]).segments.last)
            let original = try row.changes()
            #expect(original.contains { $0.recordID == "d2" })
            // The same change with another value, under the writer's name.
            let forged = original.map { change in
                guard case .register(let field, _) = change.operation else { return change }
                var altered = change
                altered.operation = .register(field: field, value: .string("forged"))
                return altered
            }
            let forgedBody = OriginSegment.body(of: forged)
            let cursorBefore = try reader.replica.setting("sync.cursor")

            func expectRefused(_ what: String, _ words: String) async throws {
                do {
                    try await reader.sync()
                    Issue.record("\(what): the reader applied the page")
                } catch let error as SyncError {
                    guard case .unverified(let text) = error else {
                        Issue.record("\(what): \(error)")
                        return
                    }
                    #expect(text.contains(words), "\(what): \(text)")
                    #expect(text.contains("hub cursor \(row.cursor)") || text.contains("replica"), "\(text)")
                }
                #expect(try reader.replica.record("devices", id: "d2") == nil, "\(what): nothing of it applied")
                #expect(try reader.replica.setting("sync.cursor") == cursorBefore, "\(what): the cursor stays")
            }

            try running.alterLog(cursor: row.cursor, column: "body", to: forgedBody)
            try await expectRefused("an altered value", "not signed by its origin")

            try running.alterLog(cursor: row.cursor, column: "body", to: row.body)
            try running.alterLog(cursor: row.cursor, column: "attestation", to: nil)
            try await expectRefused("a signature taken off", "without its origin's signature")

            // The hub signs the forgery with a key of its own and names that key as the writer's.
            let impostor = Curve25519.Signing.PrivateKey()
            try running.alterLog(cursor: row.cursor, column: "body", to: forgedBody)
            let stored = try #require(row.attestation)
            var claim = try #require(PushAttestation(encoded: stored))
            let listed = try #require(claim.manifest.segments.firstIndex { $0.scope == row.scope })
            claim.manifest.segments[listed].digest = RequestSignature.digest(forgedBody)
            try running.alterLog(
                cursor: row.cursor, column: "attestation",
                to: try TerminalKey.attest(claim.manifest, by: "w", key: impostor).encoded())
            try running.execute(
                "UPDATE hub_origin_keys SET public_key = '\(impostor.publicKey.rawRepresentation.base64EncodedString())' WHERE replica_id = '\(row.origin)'"
            )
            try await expectRefused("a forgery under a key swapped in", "another key")

            // Put back as the writer signed it, the row is taken.
            try running.execute(
                "UPDATE hub_origin_keys SET public_key = '\(try TerminalKey.of(writer).privateKey.publicKey.rawRepresentation.base64EncodedString())' WHERE replica_id = '\(row.origin)'"
            )
            try running.alterLog(cursor: row.cursor, column: "body", to: row.body)
            try running.alterLog(cursor: row.cursor, column: "attestation", to: row.attestation)
            try await reader.sync()
            #expect(try reader.replica.record("devices", id: "d2")?.member("model") == "two")
        }
    }

    @Test(
        "changes the hub refused travel inside their signed segment, marked left out, and are not applied",
        arguments: StoreKind.allCases)
    func omittedChangesStayOut(store: StoreKind) async throws {
        try await withHub(store) { running in
            let owner = try await running.terminal("b", scopes: ["branch:b"], collections: ["devices"])
            try owner.replica.put("devices", id: "held", scope: "branch:b", RecordUpdate(set: ["model": .string("b")]))
            try await owner.sync()
            let desk = try await running.terminal("a", scopes: ["branch:a"], collections: ["devices"])
            let reader = try await running.terminal("r", scopes: ["branch:a"], collections: ["devices"])
            let now = running.clock.nowMilliseconds()
            func change(_ id: String, _ tick: UInt16, _ operation: ChangeOperation) -> Change {
                Change(
                    collection: "devices", recordID: id, scope: "branch:a", causalLength: 1,
                    timestamp: HybridTimestamp(
                        time: HybridTime(milliseconds: now, counter: tick)!, replica: desk.replica.id),
                    operation: operation)
            }
            // One push: its own new record, and branch b's record pulled into branch a.
            let crafted = Changeset(changes: [
                change("mine", 1, .existence), change("held", 2, .existence),
                change("held", 3, .register(field: "model", value: "taken")),
                change("mine", 4, .register(field: "model", value: "a")),
            ])
            let receipt = try await TerminalKey.push([(1, crafted.encoded())], by: desk, to: running.hub)
            #expect(receipt.refused.map(\.index) == [1, 2] && receipt.accepted == 2)
            let page = try await running.logRows(in: ["branch:a"])
            let segment = try #require(page.segments.first { $0.origin == desk.replica.id.rawValue })
            #expect(segment.omitted == [1, 2])
            #expect(try Changeset(binary: segment.body).changes == crafted.changes, "the segment as signed")
            #expect(segment.isSigned(by: try TerminalKey.of(desk).privateKey.publicKey))
            try await reader.sync()
            #expect(try reader.replica.record("devices", id: "mine")?.member("model") == "a")
            #expect(try reader.replica.record("devices", id: "held") == nil, "the refused changes are not applied")
        }
    }

    @Test(
        "rows stored before the hub took signed pushes pass unsigned, and only those: a hub cannot raise the mark later",
        arguments: StoreKind.allCases)
    func signedFromIsPinned(store: StoreKind) async throws {
        try await withHub(store) { running in
            let writer = try await running.terminal("w", scopes: ["branch:a"], collections: ["devices"])
            let reader = try await running.terminal("r", scopes: ["branch:a"], collections: ["devices"])
            /// The log row holding the writer's change to `id`.
            func row(of id: String) async throws -> Int64 {
                let page = try await running.logRows(in: ["branch:a"])
                return try #require(try page.segments.first { try $0.changes().contains { $0.recordID == id } }).cursor
            }
            try writer.replica.put("devices", id: "old", scope: "branch:a", RecordUpdate(set: ["model": .string("1")]))
            try await writer.sync()
            // As a hub upgraded from before signed pushes: the row is unsigned, and below the mark.
            let old = try await row(of: "old")
            try running.alterLog(cursor: old, column: "attestation", to: nil)
            try running.execute("UPDATE hub_state SET signed_from = \(old)")
            try await reader.sync()
            #expect(try reader.replica.record("devices", id: "old")?.member("model") == "1")
            #expect(try reader.replica.setting("sync.signed_from") == String(old))

            try writer.replica.put("devices", id: "new", scope: "branch:a", RecordUpdate(set: ["model": .string("2")]))
            try await writer.sync()
            let new = try await row(of: "new")
            try running.alterLog(cursor: new, column: "attestation", to: nil)
            try running.execute("UPDATE hub_state SET signed_from = \(new)")
            do {
                try await reader.sync()
                Issue.record("an unsigned row above the pinned mark was applied")
            } catch SyncError.unverified(let text) {
                #expect(
                    text.contains("hub cursor \(new)") && text.contains("without its origin's signature"), "\(text)")
            }
            #expect(try reader.replica.record("devices", id: "new") == nil)
            #expect(try reader.replica.setting("sync.signed_from") == String(old))
        }
    }

    @Test(
        "a hub store from before signed pushes upgrades: its rows so far are marked, and its terminals' keys kept per replica id"
    )
    func sqliteStoreUpgrades() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-hub-upgrade")
        defer { folder.remove() }
        let path = folder.path("hub.sqlite")
        let pool = try DatabasePool(path: path)
        try SQLiteHubStore.migrator.migrate(pool, upTo: "hub v3: record owners")
        let change = Change(
            collection: "devices", recordID: "d1", scope: "branch:a", causalLength: 1,
            timestamp: HybridTimestamp(
                time: HybridTime(milliseconds: 1_000, counter: 0)!, replica: try ReplicaID("r1")),
            operation: .register(field: "model", value: .string("m")))
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO hub_log (cursor, scope, origin, change_count, body) VALUES (1, 'branch:a', 'r1', 1, ?);
                    INSERT INTO hub_log (cursor, scope, origin, change_count, body) VALUES (2, 'branch:a', 'r1', 1, ?);
                    UPDATE hub_state SET last_cursor = 2;
                    INSERT INTO hub_terminals VALUES ('t1', 'a2V5', 'r1', '["branch:a"]', '["devices"]', 2, 0, 0);
                    """,
                arguments: [Data(Changeset(changes: [change]).encoded()), Data(Changeset(changes: [change]).encoded())])
        }
        try pool.close()
        let store = try SQLiteHubStore(path: path)
        try await store.prepare()
        let page = try await store.pull(
            terminal: "t1", excludingOrigin: nil, scopes: ["branch:a"], after: 0, limit: 100, nowMilliseconds: 1,
            nonce: nil)
        #expect(page.signedFrom == 2 && page.segments.count == 2)
        #expect(page.segments.allSatisfy { $0.attestation == nil && $0.omitted.isEmpty })
        #expect(try page.segments[0].changes() == [change])
        #expect(try await store.originKeys(["r1", "r2"]) == ["r1": "a2V5"])
        try await store.close()
    }
}
