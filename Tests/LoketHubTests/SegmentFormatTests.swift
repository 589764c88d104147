import Crypto
import Foundation
import LoketProtocol
import LoketSync
import Testing

/// The signed forms of docs/PROTOCOL.md, "Origin signatures": the push body's signatures
/// and the pull answer in segments, read as untrusted bytes.
@Suite struct SegmentFormatTests {
    static func change(_ id: String, _ scope: String, _ time: UInt64) -> Change {
        Change(
            collection: "devices", recordID: id, scope: scope, causalLength: 1,
            timestamp: HybridTimestamp(
                time: HybridTime(milliseconds: time, counter: 0)!, replica: try! ReplicaID("r1")),
            operation: .register(field: "model", value: .string("m")))
    }

    func refusal(_ read: () throws -> Void) -> String {
        do {
            try read()
            return "accepted"
        } catch { return "\(error)" }
    }

    @Test("one signature over a push's manifest vouches for each scope's segment, bound to origin and scope")
    func signedManifest() throws {
        let key = Curve25519.Signing.PrivateKey()
        let entries: [(sequence: Int64, payload: [UInt8])] = [
            (1, Changeset(changes: [Self.change("a", "branch:a", 10), Self.change("b", "fleet", 11)]).encoded()),
            (2, Changeset(changes: [Self.change("c", "branch:a", 12)]).encoded()),
        ]
        let body = OutboxBatch.encode(entries)
        let batch = try OutboxBatch(binary: body)
        #expect(body[4] == OutboxBatch.version && batch.entries.count == 2)
        let segments = PushSegment.segments(of: batch.entries)
        #expect(segments.map(\.scope) == ["branch:a", "fleet"])
        #expect(try Changeset(binary: segments[0].body).changes.map(\.recordID) == ["a", "c"])
        #expect(segments[0].positions == [.init(sequence: 1, index: 0), .init(sequence: 2, index: 0)])
        let manifest = PushManifest(origin: "r1", body: body, segments: segments)
        #expect(PushManifest(text: manifest.text) == manifest)
        #expect(try PushManifest(origin: "r1", batch: body) == manifest)

        let request = RequestSignature(
            method: "POST", host: "hub.example:8470", pathAndQuery: "/v1/push", bodyDigest: manifest.digest,
            timeMilliseconds: 5, nonce: "0123456789abcdef", principal: "terminal:t1")
        let attestation = PushAttestation(
            form: .request(
                host: "hub.example:8470", pathAndQuery: "/v1/push", timeMilliseconds: 5, nonce: "0123456789abcdef",
                principal: "terminal:t1"),
            signature: Array(Data(base64Encoded: try request.sign(with: key))!), manifest: manifest)
        #expect(PushAttestation(encoded: attestation.encoded()) == attestation)
        for segment in segments {
            let row = OriginSegment(
                cursor: 1, origin: "r1", scope: segment.scope, body: segment.body,
                attestation: attestation.encoded(), omitted: [])
            #expect(row.isSigned(by: key.publicKey))
            #expect(!row.isSigned(by: Curve25519.Signing.PrivateKey().publicKey), "another key")
            var moved = row
            moved.origin = "r2"
            #expect(!moved.isSigned(by: key.publicKey), "bound to its origin")
            moved = row
            moved.scope = segment.scope == "fleet" ? "branch:a" : "fleet"
            #expect(!moved.isSigned(by: key.publicKey), "and to its scope")
            moved = row
            moved.body = segments.first { $0.scope != segment.scope }!.body
            #expect(!moved.isSigned(by: key.publicKey), "and to its bytes")
        }
        // An outbox file's signature covers the same manifest.
        let file = try OutboxFile(terminal: "t1", batch: body, origin: "r1", key: key)
        let fromFile = OriginSegment(
            cursor: 1, origin: "r1", scope: "fleet", body: segments[1].body,
            attestation: file.attestation(manifest).encoded(), omitted: [])
        #expect(fromFile.isSigned(by: key.publicKey))

        // Damaged attestations and manifests are not read.
        var text = attestation.encoded()
        text.removeLast()
        #expect(PushAttestation(encoded: text) == nil)
        #expect(PushAttestation(encoded: Array("loket push attestation v1\nsomething\n".utf8)) == nil)
        #expect(PushManifest(text: manifest.text.replacingOccurrences(of: manifest.bodyDigest, with: "xyz")) == nil)
    }

    @Test("a segment page round-trips; omitted changes are left out; hostile counts are refused before any allocation")
    func segmentPage() throws {
        let key = Curve25519.Signing.PrivateKey()
        let changes = [
            Self.change("a", "branch:a", 10), Self.change("b", "branch:a", 11), Self.change("c", "branch:a", 12),
        ]
        let body = OriginSegment.body(of: changes)
        let pushBody = OutboxBatch.encode([(1, Changeset(changes: changes).encoded())])
        let file = try OutboxFile(terminal: "t1", batch: pushBody, origin: "r1", key: key)
        let attestation = file.attestation(try PushManifest(origin: "r1", batch: pushBody)).encoded()
        let page = SegmentPage(
            keys: ["r1": Array(key.publicKey.rawRepresentation)],
            segments: [
                OriginSegment(
                    cursor: 7, origin: "r1", scope: "branch:a", body: body, attestation: attestation, omitted: [1]),
                OriginSegment(
                    cursor: 9, origin: "loket:hub", scope: "fleet", body: Changeset(changes: []).encoded(),
                    attestation: nil, omitted: []),
            ])
        let decoded = try SegmentPage(binary: page.encoded())
        #expect(decoded == page)
        #expect(try decoded.segments[0].changes().map(\.recordID) == ["a", "c"])
        #expect(decoded.segments[0].isSigned(by: key.publicKey))

        var foreign = decoded.segments[0]
        foreign.origin = "r2"
        #expect(refusal { _ = try foreign.changes() }.contains("is r1's"), "each change must be the segment origin's")
        var outOfRange = decoded.segments[0]
        outOfRange.omitted = [1, 1]
        #expect(refusal { _ = try outOfRange.changes() }.contains("omits change 1"))

        var hostile = SegmentPage.magic + [SegmentPage.version]
        hostile += [0, 0, 0, 0]  // no keys
        hostile += [0xFF, 0xFF, 0xFF, 0xFF]  // four billion segments in no bytes
        #expect(refusal { _ = try SegmentPage(binary: hostile) }.contains("cannot fit"))
        let encoded = page.encoded()
        #expect(refusal { _ = try SegmentPage(binary: Array(encoded.dropLast(3))) }.contains("cut short"))
        #expect(refusal { _ = try SegmentPage(binary: Array("LKCS".utf8) + encoded.dropFirst(4)) }.contains("LKSP"))
    }
}
