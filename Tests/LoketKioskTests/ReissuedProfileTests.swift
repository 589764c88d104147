import Foundation
import LoketKiosk
import LoketProtocol
import LoketSync
import Testing

/// A hub's reissue (the automatic rollback) passes only as what it claims to be: content
/// the admins signed, under a higher version, signed by a reissue key the trust lists.
@Suite struct ReissuedProfileTests {
    let admin = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
    let hub = SigningKeyFile(keyID: "hub-reissue-1", privateKey: .init())
    let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    func profile(version: Int, idle: Int = 300) -> KioskProfile {
        var profile = KioskProfile(
            id: "library", version: version, expires: "2027-06-30T00:00:00Z",
            services: [
                AllowedService(name: "DigiD", category: "government", icon: "digid", urls: ["https://*.digid.nl/*"])
            ])
        profile.session.idleTimeout = idle
        return profile
    }

    func verifier(reissuers: [String: String]? = nil, installed: Int = 2) -> ProfileVerifier {
        ProfileVerifier(
            trust: ProfileTrust(signers: [admin], reissuers: reissuers ?? [hub.keyID: hub.publicKeyBase64]),
            branch: "centrale", highestVersions: ["library": installed])
    }

    func refusal(_ bytes: [UInt8], _ verifier: ProfileVerifier) -> String? {
        do {
            _ = try verifier.verify(bytes, now: now)
            return nil
        } catch { return error.code }
    }

    @Test("a reissue carries the original's content under its own, higher version")
    func accepted() throws {
        let original = try SignedProfile.sign(profile(version: 1, idle: 900), with: [admin])
        let reissue = try ReissuedProfile.reissue(
            original, profile: "library", version: 3, reason: "version 2 halted", key: hub)
        let applied = try verifier().verify(reissue, now: now)
        #expect(applied.version == 3 && applied.session.idleTimeout == 900)
        #expect(ReissuedProfile.isReissue(bytes: reissue) && !ReissuedProfile.isReissue(bytes: original))
    }

    @Test("refused: a reissue key the trust does not list, or no reissue key at all")
    func untrustedReissuer() throws {
        let original = try SignedProfile.sign(profile(version: 1), with: [admin])
        let thief = SigningKeyFile(keyID: "hub-reissue-1", privateKey: .init())
        let forged = try ReissuedProfile.reissue(original, profile: "library", version: 3, reason: "x", key: thief)
        #expect(refusal(forged, verifier()) == "bad-signature", "an impostor under the trusted id")
        let stranger = SigningKeyFile(keyID: "somebody", privateKey: .init())
        let other = try ReissuedProfile.reissue(original, profile: "library", version: 3, reason: "x", key: stranger)
        #expect(refusal(other, verifier()) == "untrusted-key")
        let genuine = try ReissuedProfile.reissue(original, profile: "library", version: 3, reason: "x", key: hub)
        #expect(refusal(genuine, verifier(reissuers: [:])) == "untrusted-key", "no automatic rollback trusted")
    }

    @Test("refused: content the admins did not sign, even under a trusted reissue key")
    func contentNotSignedByAdmins() throws {
        // The hub's own key cannot author content: the original must verify by the admins.
        let byHub = try SignedProfile.sign(profile(version: 1, idle: 3600), with: [hub])
        let reissue = try ReissuedProfile.reissue(byHub, profile: "library", version: 3, reason: "x", key: hub)
        #expect(refusal(reissue, verifier()) == "untrusted-key")
        // An admin-signed original changed inside the reissue.
        let original = try SignedProfile.sign(profile(version: 1), with: [admin])
        let tampered = try SignedProfile.sign(profile(version: 1, idle: 3600), with: [])
        var document = try SignedDocument(kind: SignedProfile.kind, json: tampered)
        document.signatures = try SignedDocument(kind: SignedProfile.kind, json: original).signatures
        let wrapped = try ReissuedProfile.reissue(
            try document.encoded(), profile: "library", version: 3, reason: "x", key: hub)
        #expect(refusal(wrapped, verifier()) == "bad-signature")
    }

    @Test("refused: a reissue that does not raise the version, names another profile, or is not newer")
    func versions() throws {
        let original = try SignedProfile.sign(profile(version: 2), with: [admin])
        let lower = try ReissuedProfile.reissue(original, profile: "library", version: 2, reason: "x", key: hub)
        #expect(refusal(lower, verifier(installed: 1)) == "malformed", "a reissue raises the version")
        let renamed = try ReissuedProfile.reissue(original, profile: "print", version: 5, reason: "x", key: hub)
        #expect(refusal(renamed, verifier(installed: 1)) == "malformed")
        let old = try ReissuedProfile.reissue(original, profile: "library", version: 3, reason: "x", key: hub)
        #expect(refusal(old, verifier(installed: 3)) == "not-newer")
        var lapsed = profile(version: 1)
        lapsed.expires = "2026-01-01T00:00:00Z"
        let expired = try SignedProfile.sign(lapsed, with: [admin])
        let stale = try ReissuedProfile.reissue(expired, profile: "library", version: 4, reason: "x", key: hub)
        #expect(refusal(stale, verifier()) == "expired", "a reissue keeps the original's expiry")
    }

    @Test("a reissue under a very high number (the hub's key stolen) cannot keep the admins' next version out")
    func highReissueDoesNotBlock() throws {
        let original = try SignedProfile.sign(profile(version: 2), with: [admin])
        let huge = try ReissuedProfile.reissue(
            original, profile: "library", version: Int(Int32.max), reason: "x", key: hub)
        #expect(refusal(huge, verifier()) == nil, "a trusted reissuer's reissue is taken")
        var after = verifier(installed: Int(Int32.max))
        after.highestAdminVersions = ["library": 2]
        #expect(refusal(try SignedProfile.sign(profile(version: 3), with: [admin]), after) == nil)
        #expect(refusal(original, after) == "not-newer", "an admin version already had stays refused")
        let smaller = try ReissuedProfile.reissue(original, profile: "library", version: 1_000, reason: "x", key: hub)
        #expect(refusal(smaller, after) == "not-newer", "a reissue must still be newer than what runs")
    }

    @Test("a trust file with reissuers keeps them through signing and reading; one without reads as before")
    func trustFile() throws {
        let trust = ProfileTrust(signers: [admin], reissuers: [hub.keyID: hub.publicKeyBase64])
        let read = try ProfileTrust(file: try trust.file(signedBy: [admin]))
        #expect(read == trust)
        let plain = ProfileTrust(signers: [admin])
        let bytes = try plain.file(signedBy: [admin])
        #expect(!String(decoding: bytes, as: UTF8.self).contains("reissuers"))
        #expect(try ProfileTrust(file: bytes) == plain)
        let damaged = ProfileTrust(signers: [admin], reissuers: ["hub": "not a key"])
        #expect(throws: ProfileRefusal.self) { try ProfileTrust(file: try damaged.file(signedBy: [admin])) }
    }
}
