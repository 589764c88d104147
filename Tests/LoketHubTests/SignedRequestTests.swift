import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Testing

@testable import LoketSyncClient

@Suite struct SignedRequestTests {
    @Test("unsigned, stale, replayed, tampered and unknown requests are refused with a reason")
    func refusals() async throws {
        let clock = ManualWallClock()
        try await withHub(.sqlite, clock: clock) { running in
            let now = Int64(clock.nowMilliseconds())
            let path = "/v1/admin/terminals"
            func get(_ headers: [(String, String)]) async throws -> RawHTTP.Answer {
                try await RawHTTP.send(running.url, "GET", path, headers: headers)
            }
            let good = try RawHTTP.signedHeaders(
                "GET", path, body: [], host: running.host, principal: "key:admin", key: running.adminKey, time: now)
            #expect(try await get(good).status == 200)

            let replay = try await get(good)
            #expect(replay.status == 401 && replay.error?.error == "replayed-request")

            let unsigned = try await get([])
            #expect(unsigned.status == 401 && unsigned.error?.error == "unsigned-request")

            let stale = try await get(
                try RawHTTP.signedHeaders(
                    "GET", path, body: [], host: running.host, principal: "key:admin", key: running.adminKey,
                    time: now - 6 * 60_000))
            #expect(stale.status == 401 && stale.error?.error == "stale-request")

            let future = try await get(
                try RawHTTP.signedHeaders(
                    "GET", path, body: [], host: running.host, principal: "key:admin", key: running.adminKey,
                    time: now + 6 * 60_000))
            #expect(future.status == 401 && future.error?.error == "stale-request")

            let otherPath = try await get(
                try RawHTTP.signedHeaders(
                    "GET", "/v1/admin/other", body: [], host: running.host, principal: "key:admin",
                    key: running.adminKey, time: now))
            #expect(otherPath.status == 401 && otherPath.error?.error == "bad-signature")

            // Signed for another hub that trusts the same key: refused here.
            let otherHub = try await get(
                try RawHTTP.signedHeaders(
                    "GET", path, body: [], host: "staging-hub.example.nl", principal: "key:admin",
                    key: running.adminKey, time: now))
            #expect(otherHub.status == 401 && otherHub.error?.error == "bad-signature")
            // Signed for this hub, sent with another Host (replayed through a proxy of another name).
            var replayed = try RawHTTP.signedHeaders(
                "GET", path, body: [], host: running.host, principal: "key:admin", key: running.adminKey, time: now)
            replayed.append(("Host", "hub.example.nl"))
            let relayed = try await RawHTTP.send(running.url, "GET", path, headers: replayed)
            #expect(relayed.status == 401 && relayed.error?.error == "bad-signature")

            let impostor = SigningKeyFile(keyID: "admin", privateKey: .init())
            let forged = try await get(
                try RawHTTP.signedHeaders(
                    "GET", path, body: [], host: running.host, principal: "key:admin", key: impostor, time: now))
            #expect(forged.status == 401 && forged.error?.error == "bad-signature")

            let unknown = try await get(
                try RawHTTP.signedHeaders(
                    "GET", path, body: [], host: running.host, principal: "key:nobody", key: impostor, time: now))
            #expect(unknown.status == 401 && unknown.error?.error == "unknown-principal")

            // A body changed after signing breaks the signature.
            let order = Array(try JSONEncoder().encode(EnrolmentOrder(terminal: "t", scopes: ["fleet"])))
            var headers = try RawHTTP.signedHeaders(
                "POST", "/v1/admin/enrolments", body: order, host: running.host, principal: "key:admin",
                key: running.adminKey, time: now)
            headers.append(("Content-Type", "application/json"))
            var tampered = order
            tampered[tampered.count - 3] ^= 1
            let changed = try await RawHTTP.send(
                running.url, "POST", "/v1/admin/enrolments", headers: headers, body: tampered)
            #expect(changed.status == 401 && changed.error?.error == "bad-signature")
            let intact = try await RawHTTP.send(
                running.url, "POST", "/v1/admin/enrolments", headers: headers, body: order)
            #expect(intact.status == 201)
        }
    }

    @Test(
        "a replayed push or pull is refused and changes nothing (the nonce is recorded with the work)",
        arguments: StoreKind.allCases)
    func replayedSync(store: StoreKind) async throws {
        try await withHub(store) { running in
            let terminal = try await running.terminal("t1", scopes: ["branch:b"])
            let key = SigningKeyFile(keyID: "t1", privateKey: terminal.identity.privateKey)
            try terminal.replica.put(
                "devices", id: "LPT-1", scope: "branch:b", RecordUpdate(set: ["model": .string("T14")]))
            let body = OutboxBatch.encode(try terminal.replica.outbox(limit: 10).map { ($0.sequence, $0.payload) })
            let now = Int64(running.clock.nowMilliseconds())
            var headers = try RawHTTP.signedHeaders(
                "POST", "/v1/push", body: body, host: running.host, principal: "terminal:t1", key: key, time: now,
                bodyDigest: try PushManifest(origin: terminal.replica.id.rawValue, batch: body).digest)
            headers.append(("Content-Type", ProtocolHeaders.outboxMediaType))
            let push = try await RawHTTP.send(running.url, "POST", "/v1/push", headers: headers, body: body)
            #expect(push.status == 200)
            let first = try JSONDecoder().decode(PushReceipt.self, from: Data(push.body))
            #expect(first.accepted == 2)
            let replayedPush = try await RawHTTP.send(running.url, "POST", "/v1/push", headers: headers, body: body)
            #expect(replayedPush.status == 401 && replayedPush.error?.error == "replayed-request")

            let pullHeaders = try RawHTTP.signedHeaders(
                "GET", "/v1/pull?cursor=0&own=1", body: [], host: running.host, principal: "terminal:t1", key: key,
                time: now)
            let pull = try await RawHTTP.send(running.url, "GET", "/v1/pull?cursor=0&own=1", headers: pullHeaders)
            #expect(pull.status == 200)
            let pulled = try Changeset(binary: pull.body)
            #expect(pulled.changes.count == 2, "the push was stored once")
            let replayedPull = try await RawHTTP.send(
                running.url, "GET", "/v1/pull?cursor=0&own=1", headers: pullHeaders)
            #expect(replayedPull.status == 401 && replayedPull.error?.error == "replayed-request")
            #expect(replayedPull.body.count < 400, "a refused pull carries no changes")

            // A request that does not say which changeset versions it reads (an older
            // terminal) gets version 1; one that reads version 2 gets it, never more.
            #expect(pull.body[4] == Changeset.binaryVersion)
            for (asked, expected) in [("2", UInt8(2)), ("7", UInt8(2)), ("1", UInt8(1)), ("x", UInt8(1))] {
                var headers = try RawHTTP.signedHeaders(
                    "GET", "/v1/pull?cursor=0&own=1", body: [], host: running.host, principal: "terminal:t1", key: key,
                    time: now)
                headers.append((ProtocolHeaders.changesetVersion, asked))
                let answer = try await RawHTTP.send(running.url, "GET", "/v1/pull?cursor=0&own=1", headers: headers)
                #expect(answer.status == 200)
                #expect(answer.body[4] == expected, "asked for \(asked)")
                #expect(try Changeset(binary: answer.body).changes == pulled.changes)
            }
            try await terminal.shutdown()
        }
    }

    @Test("a terminal may not use admin routes, an admin may not sync")
    func roles() async throws {
        try await withHub(.sqlite) { running in
            let terminal = try await running.terminal("t1", scopes: ["fleet"])
            let now = Int64(running.clock.nowMilliseconds())
            let adminPull = try await RawHTTP.send(
                running.url, "GET", "/v1/pull?cursor=0",
                headers: try RawHTTP.signedHeaders(
                    "GET", "/v1/pull?cursor=0", body: [], host: running.host, principal: "key:admin",
                    key: running.adminKey, time: now))
            #expect(adminPull.status == 403 && adminPull.error?.error == "terminal-only")
            try await terminal.shutdown()
        }
    }
}
