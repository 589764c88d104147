import Crypto
import Foundation
import LoketProtocol
import LoketSync
import Testing

@Suite struct ProtocolTests {
    static func change(_ id: String, _ time: UInt64) -> Change {
        Change(
            collection: "devices", recordID: id, scope: "fleet", causalLength: 1,
            timestamp: HybridTimestamp(
                time: HybridTime(milliseconds: time, counter: 0)!, replica: try! ReplicaID("r1")),
            operation: .register(field: "model", value: .string("m")))
    }

    @Test("an outbox batch round-trips, and damaged ones are refused with the entry and the byte")
    func outboxBatch() throws {
        let batch = OutboxBatch(entries: [
            .init(sequence: 3, changeset: Changeset(changes: [Self.change("a", 10)])),
            .init(sequence: 7, changeset: Changeset(changes: [Self.change("b", 11), Self.change("c", 12)])),
        ])
        let bytes = batch.encoded()
        #expect(try OutboxBatch(binary: bytes) == batch)
        func refusal(_ bytes: [UInt8]) -> String {
            do {
                _ = try OutboxBatch(binary: bytes)
                return "accepted"
            } catch { return error.description }
        }
        #expect(refusal(Array("LKCS".utf8) + bytes.dropFirst(4)).contains("must start with \"LKOB\""))
        #expect(refusal(Array(bytes.dropLast(3))).contains("entry 1"))
        #expect(refusal(bytes + [0]).contains("stray bytes"))
        let descending = OutboxBatch.encode([(7, [UInt8](Changeset(changes: []).encoded())), (3, [])])
        #expect(refusal(descending).contains("does not follow 7"))
        var flipped = bytes
        flipped[flipped.count - 2] ^= 0xFF
        #expect(refusal(flipped).contains("entry 1 (sequence 7)"))
    }

    @Test("enrolment codes: typed freely by people, strict on the wire")
    func enrolmentCodes() throws {
        let code = EnrolmentCode.random()
        #expect(code.description.count == 24 && EnrolmentCode.isWireForm(code.description))
        #expect(try EnrolmentCode(code.description.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
        #expect(try EnrolmentCode("oooo-iiii-llll-0000-1111").normalized == "00001111111100001111")
        #expect(!EnrolmentCode.isWireForm("oooo-iiii-llll-0000-1111"), "I, L, O are not on the wire")
        #expect(throws: ProtocolError.self) { try EnrolmentCode("ABCD-EFGH") }
        #expect(throws: ProtocolError.self) { try EnrolmentCode("UUUU-UUUU-UUUU-UUUU-UUUU") }
        #expect(code.digest != EnrolmentCode.random().digest)
    }

    @Test("a request signature binds method, host, path, body, time, nonce and principal")
    func signatures() throws {
        let key = Curve25519.Signing.PrivateKey()
        let body = Array("push".utf8)
        let original = RequestSignature(
            method: "post", host: "Hub.Example.nl:443", pathAndQuery: "/v1/push", body: body, timeMilliseconds: 1_000,
            nonce: "0123456789abcdef", principal: "terminal:t1")
        let signature = try original.sign(with: key)
        #expect(original.verify(signature, with: key.publicKey))
        #expect(!original.verify(signature, with: Curve25519.Signing.PrivateKey().publicKey))
        let changed = [
            RequestSignature(
                method: "POST", host: "other-hub.example.nl", pathAndQuery: "/v1/push", body: body,
                timeMilliseconds: 1_000, nonce: "0123456789abcdef", principal: "terminal:t1"),
            RequestSignature(
                method: "PUT", host: "hub.example.nl", pathAndQuery: "/v1/push", body: body, timeMilliseconds: 1_000,
                nonce: "0123456789abcdef", principal: "terminal:t1"),
            RequestSignature(
                method: "POST", host: "hub.example.nl", pathAndQuery: "/v1/push?x", body: body, timeMilliseconds: 1_000,
                nonce: "0123456789abcdef", principal: "terminal:t1"),
            RequestSignature(
                method: "POST", host: "hub.example.nl", pathAndQuery: "/v1/push", body: Array("pusH".utf8),
                timeMilliseconds: 1_000,
                nonce: "0123456789abcdef", principal: "terminal:t1"),
            RequestSignature(
                method: "POST", host: "hub.example.nl", pathAndQuery: "/v1/push", body: body, timeMilliseconds: 1_001,
                nonce: "0123456789abcdef", principal: "terminal:t1"),
            RequestSignature(
                method: "POST", host: "hub.example.nl", pathAndQuery: "/v1/push", body: body, timeMilliseconds: 1_000,
                nonce: "0123456789abcdee", principal: "terminal:t1"),
            RequestSignature(
                method: "POST", host: "hub.example.nl", pathAndQuery: "/v1/push", body: body, timeMilliseconds: 1_000,
                nonce: "0123456789abcdef", principal: "terminal:t2"),
        ]
        for other in changed { #expect(!other.verify(signature, with: key.publicKey)) }
        let sameHost = RequestSignature(
            method: "POST", host: "hub.example.nl", pathAndQuery: "/v1/push", body: body, timeMilliseconds: 1_000,
            nonce: "0123456789abcdef", principal: "terminal:t1")
        #expect(sameHost.verify(signature, with: key.publicKey), "the host is compared without case or default port")
        #expect(RequestSignature.host(ofURL: "https://Hub.example.nl/x") == "hub.example.nl")
        #expect(RequestSignature.host(ofURL: "http://127.0.0.1:8443") == "127.0.0.1:8443")
        #expect(!original.verify("not base64", with: key.publicKey))
        #expect(RequestSignature.isWellFormedNonce(RequestSignature.makeNonce()))
        #expect(!RequestSignature.isWellFormedNonce("0123456789ABCDEF"))
    }
}
