public import Foundation

/// The checks a terminal makes before it applies a profile: a valid signature by enough
/// trusted keys, content that validates, not expired, newer than any version of that
/// profile it has had (rollback protection; expiry is the freeze protection), and meant
/// for its branch. Each refusal is a ``ProfileRefusal`` with a stable code.
public struct ProfileVerifier: Sendable {
    public var trust: ProfileTrust
    /// The terminal's branch id (`ams-centrale`).
    public var branch: String
    /// The highest version of each profile id this terminal has accepted.
    public var highestVersions: [String: Int]

    public init(trust: ProfileTrust, branch: String, highestVersions: [String: Int] = [:]) {
        self.trust = trust
        self.branch = branch
        self.highestVersions = highestVersions
    }

    /// The profile in a signed document (canonical JSON bytes), if it passes every check.
    public func verify(_ bytes: [UInt8], now: Date) throws(ProfileRefusal) -> KioskProfile {
        let document = try SignedDocument(kind: SignedProfile.kind, json: bytes)
        _ = try document.verifiedKeys(trusted: try trust.publicKeys(), threshold: trust.threshold)
        let profile: KioskProfile
        do {
            let text = String(decoding: try CanonicalJSON.encode(document.signed), as: UTF8.self)
            profile = try ProfileDocument.parse(text, file: "signed profile")
        } catch let error as ProfileValidationError {
            throw ProfileRefusal.malformed("the signed profile does not validate: \(error)")
        } catch {
            throw ProfileRefusal.malformed("\(error)")
        }
        guard now < profile.expiryDate else {
            throw ProfileRefusal(
                "expired",
                "profile \(profile.id) version \(profile.version) expired at \(profile.expires); sign a new version")
        }
        if let highest = highestVersions[profile.id], profile.version <= highest {
            throw ProfileRefusal(
                "not-newer",
                "profile \(profile.id) version \(profile.version) is not newer than version \(highest), which this terminal already had"
            )
        }
        guard profile.targeting.branches.isEmpty || profile.targeting.branches.contains(branch) else {
            throw ProfileRefusal(
                "other-branch",
                "profile \(profile.id) is for \(profile.targeting.branches.joined(separator: ", ")), this terminal is in \(branch)"
            )
        }
        return profile
    }
}
