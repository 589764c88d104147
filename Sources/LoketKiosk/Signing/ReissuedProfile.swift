public import LoketProtocol
import LoketSync

/// A profile a hub re-issues to roll a rollout back, after The Update Framework's online
/// keys: `{"type": "loket-reissue-v1", "profile": id, "version": n, "reason": text,
/// "original": <a signed profile, whole>}`, signed by a hub's reissue key.
///
/// The reissue key cannot say anything of its own: a terminal applies the `original`'s
/// content only if the admins' keys signed it, and only under the higher `version` — so a
/// version never goes backwards, and a hub that is broken into can at worst send back
/// content the admins once signed (and still within its expiry).
public enum ReissuedProfile {
    public static let kind = "loket-reissue-v1"

    /// `original` (a signed profile's bytes) under `version`, signed by the hub's `key`.
    public static func reissue(
        _ original: [UInt8], profile: String, version: Int, reason: String, key: SigningKeyFile
    ) throws -> [UInt8] {
        let inner = try SignedDocument(kind: SignedProfile.kind, json: original)
        var document = SignedDocument(
            kind: kind,
            signed: .object([
                "type": .string(kind), "profile": .string(profile), "version": .int(Int64(version)),
                "reason": .string(reason), "original": try envelope(inner),
            ]))
        try document.sign(with: key)
        return try document.encoded()
    }

    /// Whether `bytes` are a reissue (unverified: for telling documents apart).
    public static func isReissue(bytes: [UInt8]) -> Bool {
        guard let envelope = try? SignedDocument(kind: kind, json: bytes) else { return false }
        return isReissue(envelope.signed)
    }

    /// Whether the `signed` part of an envelope is a reissue.
    static func isReissue(_ signed: FieldValue) -> Bool {
        guard case .object(let members) = signed else { return false }
        return members["type"] == .string(kind)
    }

    /// The parts of a reissue's `signed` value; anything else is `malformed`.
    static func parts(_ signed: FieldValue) throws(ProfileRefusal)
        -> (profile: String, version: Int, reason: String, original: [UInt8])
    {
        guard case .object(let members) = signed, case .string(let profile)? = members["profile"],
            case .int(let version)? = members["version"], version >= 1, version <= Int64(Int32.max),
            case .string(let reason)? = members["reason"], case .object? = members["original"],
            Set(members.keys) == ["type", "profile", "version", "reason", "original"]
        else {
            throw ProfileRefusal.malformed(
                "a reissued profile must be {type: \(kind), profile, version ≥ 1, reason, original: signed profile}")
        }
        let original: [UInt8]
        do { original = try CanonicalJSON.encode(members["original"]!) } catch {
            throw ProfileRefusal.malformed("the original of a reissued profile cannot be encoded: \(error)")
        }
        return (profile, Int(version), reason, original)
    }

    static func envelope(_ document: SignedDocument) throws -> FieldValue {
        try FieldValue(json: String(decoding: try document.encoded(), as: UTF8.self))
    }
}
