import Crypto
import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct BadInputTests {
    @Test(
        "garbage, truncated, oversized and malformed bodies get a 4xx JSON error and change nothing",
        arguments: StoreKind.allCases)
    func badBodies(store: StoreKind) async throws {
        var configuration = HubConfiguration()
        configuration.maximumBodyBytes = 64 << 10
        try await withHub(store, configuration: configuration) { running in
            let client = try await running.terminal("t1", scopes: ["branch:a"])
            try client.replica.put("devices", id: "d", scope: "branch:a", RecordUpdate(set: ["model": .string("m")]))
            let good = OutboxBatch.encode(try client.replica.outbox().map { ($0.sequence, $0.payload) })
            let key = try TerminalKey.of(client)
            let now = Int64(running.clock.nowMilliseconds())

            var garbage = SeededGenerator(seed: 7)
            let bodies: [(String, [UInt8])] = [
                ("empty", []),
                ("garbage", (0..<300).map { _ in UInt8.random(in: 0...255, using: &garbage) }),
                ("truncated", Array(good.prefix(good.count / 2))),
                ("flipped", good.enumerated().map { $0.offset == good.count - 2 ? $0.element ^ 0xFF : $0.element }),
                ("json", Array(#"{"changes": []}"#.utf8)),
                ("oversized", [UInt8](repeating: 0x41, count: 65 << 10)),
            ]
            for (name, body) in bodies {
                let push = try await RawHTTP.send(
                    running.url, "POST", "/v1/push",
                    headers: try RawHTTP.signedHeaders(
                        "POST", "/v1/push", body: body, host: running.host, principal: "terminal:t1", key: key,
                        time: now),
                    body: body)
                #expect(
                    (400..<500).contains(push.status),
                    "push \(name): \(push.status) \(String(decoding: push.body, as: UTF8.self))")
                #expect(push.error != nil, "push \(name) answered without a JSON error")
                for path in ["/v1/enrol", "/v1/admin/enrolments"] {
                    let answer = try await RawHTTP.send(
                        running.url, "POST", path,
                        headers: try RawHTTP.signedHeaders(
                            "POST", path, body: body, host: running.host, principal: "key:admin", key: running.adminKey,
                            time: now),
                        body: body)
                    #expect(
                        (400..<500).contains(answer.status),
                        "\(path) \(name): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
                    #expect(answer.error != nil, "\(path) \(name) answered without a JSON error")
                }
            }
            let queries: [(String, Int, String)] = [
                ("/v1/pull?cursor=abc", 400, "bad-cursor"), ("/v1/pull?cursor=-5", 400, "bad-cursor"),
                ("/v1/pull?cursor=0&limit=0", 400, "bad-limit"), ("/v1/pull?cursor=0&own=2", 400, "bad-own"),
                ("/v1/pull?cursor=999999", 409, "cursor-ahead"), ("/v1/snapshot?after=x", 400, "bad-after"),
                ("/v1/snapshot?limit=0", 400, "bad-limit"),
            ]
            for (query, status, code) in queries {
                let answer = try await RawHTTP.send(
                    running.url, "GET", query,
                    headers: try RawHTTP.signedHeaders(
                        "GET", query, body: [], host: running.host, principal: "terminal:t1", key: key, time: now))
                #expect(
                    answer.status == status && answer.error?.error == code,
                    "\(query): \(answer.status) \(answer.error?.error ?? "")")
            }
            let wrongMethod = try await RawHTTP.send(running.url, "DELETE", "/v1/push")
            #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "POST")
            let missing = try await RawHTTP.send(running.url, "GET", "/v1/nothing")
            #expect(missing.status == 404 && missing.error?.error == "not-found")

            // Nothing of it was stored; the hub still serves and takes the real push.
            #expect(try await running.hub.store.terminal(named: "t1")?.pushedSequence == 0)
            #expect(try await RawHTTP.send(running.url, "GET", "/healthz").status == 200)
            #expect(try await RawHTTP.send(running.url, "GET", "/readyz").status == 200)
            let report = try await client.sync()
            #expect(report.acceptedChanges == 2)
            try await client.shutdown()
        }
    }
}

/// The terminal's private key, read back from its replica as the client keeps it.
enum TerminalKey {
    static func of(_ client: SyncClient) throws -> SigningKeyFile {
        guard let text = try client.replica.setting("sync.private_key"), let raw = Data(base64Encoded: text) else {
            throw TestHarnessError("the terminal has no key")
        }
        return SigningKeyFile(keyID: client.identity.terminal, privateKey: try .init(rawRepresentation: raw))
    }

    /// `entries` pushed to `hub` in-process as `client`'s push, signed by it as its request
    /// would be (over the manifest's digest; the request's own checks are not made here).
    static func push(
        _ entries: [(sequence: Int64, payload: [UInt8])], by client: SyncClient, to hub: Hub,
        key: Curve25519.Signing.PrivateKey? = nil
    ) async throws -> PushReceipt {
        let prepared = try PreparedPush(body: OutboxBatch.encode(entries))
        let manifest = prepared.manifest(origin: client.replica.id.rawValue)
        let attestation = try attest(manifest, by: client.identity.terminal, key: key ?? of(client).privateKey)
        guard let terminal = try await hub.store.terminal(named: client.identity.terminal) else {
            throw TestHarnessError("\(client.identity.terminal) is not enrolled")
        }
        return try await hub.push(
            prepared, attestation: attestation, as: Authenticated(principal: .terminal(terminal), nonce: nil))
    }

    /// `manifest` signed by `key` as terminal `name`'s push request would be.
    static func attest(_ manifest: PushManifest, by name: String, key: Curve25519.Signing.PrivateKey) throws
        -> PushAttestation
    {
        let (host, path, time, nonce) = ("127.0.0.1:1", "/v1/push", Int64(1_000), RequestSignature.makeNonce())
        let request = RequestSignature(
            method: "POST", host: host, pathAndQuery: path, bodyDigest: manifest.digest, timeMilliseconds: time,
            nonce: nonce, principal: "terminal:" + name)
        return PushAttestation(
            form: .request(
                host: host, pathAndQuery: path, timeMilliseconds: time, nonce: nonce, principal: "terminal:" + name),
            signature: Array(Data(base64Encoded: try request.sign(with: key))!), manifest: manifest)
    }
}
