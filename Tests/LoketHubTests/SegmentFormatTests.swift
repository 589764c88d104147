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

    @Test("a signed push body carries one signature per scope, over that scope's changes in order")
    func signedBatch() throws {
        let key = Curve25519.Signing.PrivateKey()
        let entries: [(sequence: Int64, payload: [UInt8])] = [
            (1, Changeset(changes: [Self.change("a", "branch:a", 10), Self.change("b", "fleet", 11)]).encoded()),
            (2, Changeset(changes: [Self.change("c", "branch:a", 12)]).encoded()),
        ]
        let bytes = try OutboxBatch.signed(entries, origin: "r1", key: key)
        let batch = try OutboxBatch(binary: bytes)
        #expect(bytes[4] == 2 && batch.entries.count == 2)
        #expect(Set(batch.signatures.keys) == ["branch:a", "fleet"])
        let segments = PushSegment.segments(of: batch.entries)
        #expect(segments.map(\.scope) == ["branch:a", "fleet"])
        #expect(segments[0].changes.map(\.recordID) == ["a", "c"])
        #expect(segments[0].positions == [.init(sequence: 1, index: 0), .init(sequence: 2, index: 0)])
        for segment in segments {
            let signed = OriginSegment(
                cursor: 0, origin: "r1", scope: segment.scope, body: segment.body,
                signature: batch.signatures[segment.scope], omitted: [])
            #expect(signed.isSigned(by: key.publicKey))
            var moved = signed
            moved.origin = "r2"
            #expect(!moved.isSigned(by: key.publicKey), "a signature is bound to its origin")
            moved = signed
            moved.scope = segment.scope == "fleet" ? "branch:a" : "fleet"
            #expect(!moved.isSigned(by: key.publicKey), "and to its scope")
        }
        #expect(try OutboxBatch(binary: batch.encoded()) == batch)

        // Damaged signature sections say what and where.
        #expect(refusal { _ = try OutboxBatch(binary: Array(bytes.dropLast(10))) }.contains("cut short"))
        var badScope = bytes
        let second = bytes.count - 64 - 1 - "fleet".utf8.count
        badScope.replaceSubrange(second + 1..<second + 1 + 5, with: Array("xxxxx".utf8))
        #expect(refusal { _ = try OutboxBatch(binary: badScope) }.contains("not a scope"))
        #expect(refusal { _ = try OutboxBatch(binary: bytes + [0]) }.contains("stray bytes"))
    }

    @Test("a segment page round-trips; omitted changes are left out; hostile counts are refused before any allocation")
    func segmentPage() throws {
        let key = Curve25519.Signing.PrivateKey()
        let changes = [
            Self.change("a", "branch:a", 10), Self.change("b", "branch:a", 11), Self.change("c", "branch:a", 12),
        ]
        let body = OriginSegment.body(of: changes)
        let signature = try OriginSegment.sign(origin: "r1", scope: "branch:a", body: body, key: key)
        let page = SegmentPage(
            keys: ["r1": Array(key.publicKey.rawRepresentation)],
            segments: [
                OriginSegment(
                    cursor: 7, origin: "r1", scope: "branch:a", body: body, signature: signature, omitted: [1]),
                OriginSegment(
                    cursor: 9, origin: "loket:hub", scope: "fleet", body: Changeset(changes: []).encoded(),
                    signature: nil, omitted: []),
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
