public import Foundation

/// The checks a terminal makes before it applies a profile: a valid signature by enough
/// trusted keys, content that validates, not expired, newer than any version of that
/// profile it has had (rollback protection; expiry is the freeze protection), and meant
/// for its branch. Each refusal is a ``ProfileRefusal`` with a stable code.
public struct ProfileVerifier: Sendable {
    public var trust: ProfileTrust
    /// The terminal's branch id (`ams-centrale`); `nil` checks no branch (the hub's check
    /// of a pushed profile).
    public var branch: String?
    /// The highest version of each profile id this terminal has accepted.
    public var highestVersions: [String: Int]
    /// The highest version of each profile id that the admins signed (not a reissue) this
    /// terminal has accepted; absent: as ``highestVersions``. A new admin-signed version
    /// need only be above this: a reissue under a very high number (the hub's online key
    /// stolen) can never keep the admins' next version out.
    public var highestAdminVersions: [String: Int]

    public init(
        trust: ProfileTrust, branch: String?, highestVersions: [String: Int] = [:],
        highestAdminVersions: [String: Int] = [:]
    ) {
        self.trust = trust
        self.branch = branch
        self.highestVersions = highestVersions
        self.highestAdminVersions = highestAdminVersions
    }

    /// The profile in a signed document (canonical JSON bytes), if it passes every check.
    /// A ``ReissuedProfile`` passes when a trusted reissue key signed it and the admins'
    /// keys signed its original; its content then carries the reissue's higher version.
    public func verify(_ bytes: [UInt8], now: Date) throws(ProfileRefusal) -> KioskProfile {
        let envelope = try SignedDocument(kind: SignedProfile.kind, json: bytes)
        var profile: KioskProfile
        let reissue = ReissuedProfile.isReissue(envelope.signed)
        if reissue {
            let document = SignedDocument(
                kind: ReissuedProfile.kind, signed: envelope.signed, signatures: envelope.signatures)
            let reissuers = try trust.reissueKeys()
            guard !reissuers.isEmpty else {
                throw ProfileRefusal(
                    "untrusted-key",
                    "a reissued profile, but this terminal's trust lists no reissue key; add the hub's to the trust file"
                )
            }
            _ = try document.verifiedKeys(trusted: reissuers, threshold: 1)
            let parts = try ReissuedProfile.parts(envelope.signed)
            profile = try signedProfile(try SignedDocument(kind: SignedProfile.kind, json: parts.original))
            guard profile.id == parts.profile, profile.version < parts.version else {
                throw ProfileRefusal.malformed(
                    "a reissue of \(parts.profile) as version \(parts.version) carries \(profile.id) version \(profile.version); a reissue keeps the id and raises the version"
                )
            }
            profile.version = parts.version
        } else {
            profile = try signedProfile(envelope)
        }
        guard now < profile.expiryDate else {
            throw ProfileRefusal(
                "expired",
                "profile \(profile.id) version \(profile.version) expired at \(profile.expires); sign a new version")
        }
        let bar =
            reissue ? highestVersions[profile.id] : highestAdminVersions[profile.id] ?? highestVersions[profile.id]
        if let highest = bar, profile.version <= highest {
            throw ProfileRefusal(
                "not-newer",
                "profile \(profile.id) version \(profile.version) is not newer than version \(highest), which this terminal already had"
            )
        }
        if let branch, !profile.targeting.branches.isEmpty, !profile.targeting.branches.contains(branch) {
            throw ProfileRefusal(
                "other-branch",
                "profile \(profile.id) is for \(profile.targeting.branches.joined(separator: ", ")), this terminal is in \(branch.isEmpty ? "no branch" : branch)"
            )
        }
        return profile
    }

    /// The content of an admin-signed profile whose signatures meet the trust.
    func signedProfile(_ document: SignedDocument) throws(ProfileRefusal) -> KioskProfile {
        _ = try document.verifiedKeys(trusted: try trust.publicKeys(), threshold: trust.threshold)
        do {
            let text = String(decoding: try CanonicalJSON.encode(document.signed), as: UTF8.self)
            return try ProfileDocument.parse(text, file: "signed profile")
        } catch let error as ProfileValidationError {
            throw ProfileRefusal.malformed("the signed profile does not validate: \(error)")
        } catch {
            throw ProfileRefusal.malformed("\(error)")
        }
    }
}
