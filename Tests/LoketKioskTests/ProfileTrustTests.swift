import Crypto
import Foundation
import LoketKiosk
import LoketProtocol
import LoketSync
import Testing

/// Each attack on a terminal's profile is refused with its own code.
@Suite struct ProfileTrustTests {
    let admin = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
    let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    func profile(version: Int = 2, expires: String = "2027-06-30T00:00:00Z", branches: [String] = []) -> KioskProfile {
        KioskProfile(
            id: "library", version: version, expires: expires, targeting: ProfileTargeting(branches: branches),
            services: [
                AllowedService(name: "DigiD", category: "government", icon: "digid", urls: ["https://*.digid.nl/*"])
            ])
    }

    var verifier: ProfileVerifier {
        ProfileVerifier(trust: ProfileTrust(signers: [admin]), branch: "centrale", highestVersions: ["library": 1])
    }

    func refusal(_ bytes: [UInt8], _ verifier: ProfileVerifier? = nil) -> String? {
        do {
            _ = try (verifier ?? self.verifier).verify(bytes, now: now)
            return nil
        } catch { return error.code }
    }

    @Test("a signed, current, newer profile for this branch is accepted, and reads back equal")
    func accepted() throws {
        let bytes = try SignedProfile.sign(profile(branches: ["centrale"]), with: [admin])
        let accepted = try verifier.verify(bytes, now: now)
        #expect(accepted == profile(branches: ["centrale"]))
    }

    @Test("unsigned: the bare profile, or an envelope without signatures")
    func unsigned() throws {
        let bare = try CanonicalJSON.encode(profile())
        #expect(refusal(bare) == "unsigned")
        let envelope = try SignedProfile.sign(profile(), with: [])
        #expect(refusal(envelope) == "unsigned")
    }

    @Test("badly signed: a field changed after signing, or a signature's bytes damaged")
    func badlySigned() throws {
        let bytes = try SignedProfile.sign(profile(), with: [admin])
        let text = String(decoding: bytes, as: UTF8.self)
        let tampered = text.replacingOccurrences(of: "\"idleTimeout\":300", with: "\"idleTimeout\":3600")
        #expect(tampered != text)
        #expect(refusal(Array(tampered.utf8)) == "bad-signature")
        // An extra allowed URL smuggled in.
        let widened = text.replacingOccurrences(
            of: "\"https://*.digid.nl/*\"", with: "\"https://*.digid.nl/*\",\"https://evil.example/*\"")
        #expect(refusal(Array(widened.utf8)) == "bad-signature")
        var document = try SignedDocument(kind: SignedProfile.kind, json: bytes)
        var signature = Array(Data(base64Encoded: document.signatures[0].sig)!)
        signature[10] ^= 0x01
        document.signatures[0].sig = Data(signature).base64EncodedString()
        #expect(refusal(try document.encoded()) == "bad-signature")
        // A profile signature cannot pass for another kind of document, nor the reverse.
        var trustDocument = ProfileTrust(version: 2, signers: [admin]).document()
        try trustDocument.sign(with: admin)
        let relabelled = SignedDocument(
            kind: SignedProfile.kind,
            signed: try FieldValue(json: String(decoding: try CanonicalJSON.encode(profile()), as: UTF8.self)),
            signatures: trustDocument.signatures)
        #expect(refusal(try relabelled.encoded()) == "bad-signature")
    }

    @Test("signed by a key the terminal does not trust, even under a trusted key's name")
    func untrusted() throws {
        let stranger = SigningKeyFile(keyID: "stranger", privateKey: .init())
        #expect(refusal(try SignedProfile.sign(profile(), with: [stranger])) == "untrusted-key")
        let impostor = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
        #expect(refusal(try SignedProfile.sign(profile(), with: [impostor])) == "bad-signature")
        // Two of two needed: one trusted signature is not enough.
        let second = SigningKeyFile(keyID: "admin-b", privateKey: .init())
        let strict = ProfileVerifier(
            trust: ProfileTrust(threshold: 2, signers: [admin, second]), branch: "centrale")
        #expect(refusal(try SignedProfile.sign(profile(), with: [admin]), strict) == "untrusted-key")
        #expect(refusal(try SignedProfile.sign(profile(), with: [admin, second]), strict) == nil)
    }

    @Test("the threshold counts distinct keys: one key listed under two ids signs once")
    func thresholdCountsKeys() throws {
        let twin = SigningKeyFile(keyID: "admin-twin", privateKey: admin.privateKey)
        let doubled = ProfileVerifier(
            trust: ProfileTrust(threshold: 2, signers: [admin, twin]), branch: "centrale")
        #expect(refusal(try SignedProfile.sign(profile(), with: [admin, twin]), doubled) == "untrusted-key")
        // And a trust file that lists one key twice is refused when it is read.
        let file = try ProfileTrust(threshold: 2, signers: [admin, twin]).file(signedBy: [admin])
        #expect(throws: ProfileRefusal.self) { try ProfileTrust(file: file) }
    }

    @Test("expired: an old profile replayed after its expiry (freeze protection)")
    func expired() throws {
        #expect(refusal(try SignedProfile.sign(profile(expires: "2027-01-01T00:00:00Z"), with: [admin])) == "expired")
        #expect(refusal(try SignedProfile.sign(profile(expires: "2027-01-15T08:00:01Z"), with: [admin])) == nil)
    }

    @Test("not newer: the installed version again, or an older one (rollback protection)")
    func rollback() throws {
        let installed = ProfileVerifier(
            trust: ProfileTrust(signers: [admin]), branch: "centrale", highestVersions: ["library": 5])
        #expect(refusal(try SignedProfile.sign(profile(version: 5), with: [admin]), installed) == "not-newer")
        #expect(refusal(try SignedProfile.sign(profile(version: 4), with: [admin]), installed) == "not-newer")
        #expect(refusal(try SignedProfile.sign(profile(version: 6), with: [admin]), installed) == nil)
    }

    @Test("meant for another branch")
    func otherBranch() throws {
        #expect(refusal(try SignedProfile.sign(profile(branches: ["noord", "zuid"]), with: [admin])) == "other-branch")
        #expect(refusal(try SignedProfile.sign(profile(branches: []), with: [admin])) == nil, "empty: every branch")
    }

    @Test("signed content that does not validate, and envelopes that are not envelopes")
    func malformed() throws {
        var broken = profile()
        broken.session.idleTimeout = 5
        #expect(refusal(try SignedProfile.sign(broken, with: [admin])) == "malformed")
        #expect(refusal(Array("not json".utf8)) == "malformed")
        #expect(refusal(Array("{\"signed\":{},\"signatures\":{}}".utf8)) == "malformed")
        #expect(refusal(Array("{\"signed\":{},\"signatures\":[],\"extra\":1}".utf8)) == "malformed")
    }

    @Test("keys rotate without re-enrolling: the next trust signed by the old and the new keys")
    func rotation() throws {
        let trust = ProfileTrust(signers: [admin])
        let successor = SigningKeyFile(keyID: "admin-2027", privateKey: .init())
        var next = ProfileTrust(version: 2, signers: [successor]).document()
        try next.sign(with: admin)
        try next.sign(with: successor)
        let rotated = try trust.rotated(to: next)
        #expect(rotated.version == 2 && Set(rotated.keys.keys) == ["admin-2027"])
        // Profiles now need the new key; the retired key's signature is untrusted.
        let after = ProfileVerifier(trust: rotated, branch: "centrale")
        #expect(refusal(try SignedProfile.sign(profile(), with: [successor]), after) == nil)
        #expect(refusal(try SignedProfile.sign(profile(), with: [admin]), after) == "untrusted-key")

        func rotationRefusal(_ document: SignedDocument) -> String? {
            do {
                _ = try trust.rotated(to: document)
                return nil
            } catch { return error.code }
        }
        // A thief with a new key but not the old one.
        var stolen = ProfileTrust(version: 2, signers: [successor]).document()
        try stolen.sign(with: successor)
        #expect(rotationRefusal(stolen) == "untrusted-key")
        // The old key alone, naming keys it cannot prove.
        var unproven = ProfileTrust(version: 2, signers: [successor]).document()
        try unproven.sign(with: admin)
        #expect(rotationRefusal(unproven) == "untrusted-key")
        // Skipping a version, or going back.
        var skipping = ProfileTrust(version: 3, signers: [successor]).document()
        try skipping.sign(with: admin)
        try skipping.sign(with: successor)
        #expect(rotationRefusal(skipping) == "trust-rotation")
    }

    @Test("canonical JSON: sorted members, no whitespace, escapes as RFC 8785 says, whole numbers only")
    func canonical() throws {
        let value: FieldValue = .object([
            "b": .array([.int(1), .bool(true), .null]), "a": .string("é\"\\\n\u{1}"), "€": .int(-5),
            "\u{1F600}": .int(0), "\u{FB33}": .int(7),
        ])
        let text = String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 (after it by code
        // point or UTF-8): RFC 8785 sorts by UTF-16 code units.
        #expect(text == "{\"a\":\"é\\\"\\\\\\n\\u0001\",\"b\":[1,true,null],\"€\":-5,\"\u{1F600}\":0,\"\u{FB33}\":7}")
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.encode(FieldValue.double(0.5)) }
        #expect(throws: CanonicalJSON.Failure.self) { try CanonicalJSON.encode(FieldValue.int(1 << 60)) }
    }
}
