public import Crypto
import Foundation
public import LoketProtocol
public import LoketSync

/// The admin keys a terminal trusts to sign profiles (after The Update Framework's root):
/// a version, the keys by id, and how many of them must sign (`threshold`). Provisioned
/// at enrolment; replaced by a newer trust file that both the current keys and the new
/// keys have signed (``rotated(to:)``), so keys rotate without re-enrolling a terminal.
public struct ProfileTrust: Sendable, Equatable {
    public static let kind = "loket-trust-v1"

    public var version: Int
    public var threshold: Int
    /// Key id → Ed25519 public key, 32 bytes in base64.
    public var keys: [String: String]
    /// Key id → public key of a hub's *reissue* key: an online key that may only sign a
    /// ``ReissuedProfile`` — content the admins signed before, under a higher version —
    /// so a hub can roll a bad rollout back by itself. Empty: no automatic rollback.
    public var reissuers: [String: String]

    public init(version: Int, threshold: Int = 1, keys: [String: String], reissuers: [String: String] = [:]) {
        self.version = version
        self.threshold = threshold
        self.keys = keys
        self.reissuers = reissuers
    }

    /// A first trust file with the public halves of `signers`.
    public init(version: Int = 1, threshold: Int = 1, signers: [SigningKeyFile], reissuers: [String: String] = [:]) {
        var keys: [String: String] = [:]
        for key in signers { keys[key.keyID] = key.privateKey.publicKey.rawRepresentation.base64EncodedString() }
        self.init(version: version, threshold: threshold, keys: keys, reissuers: reissuers)
    }

    var signed: FieldValue {
        var members: [String: FieldValue] = [
            "type": .string(Self.kind), "version": .int(Int64(version)), "threshold": .int(Int64(threshold)),
            "keys": .object(keys.mapValues { .string($0) }),
        ]
        if !reissuers.isEmpty { members["reissuers"] = .object(reissuers.mapValues { .string($0) }) }
        return .object(members)
    }

    /// The keys as Crypto keys; a damaged one is `malformed`.
    public func publicKeys() throws(ProfileRefusal) -> [String: Curve25519.Signing.PublicKey] {
        try Self.cryptoKeys(keys, role: "trusted key")
    }

    /// The reissue keys as Crypto keys; a damaged one is `malformed`.
    public func reissueKeys() throws(ProfileRefusal) -> [String: Curve25519.Signing.PublicKey] {
        try Self.cryptoKeys(reissuers, role: "reissue key")
    }

    static func cryptoKeys(_ keys: [String: String], role: String) throws(ProfileRefusal)
        -> [String: Curve25519.Signing.PublicKey]
    {
        var result: [String: Curve25519.Signing.PublicKey] = [:]
        for (id, text) in keys {
            guard let raw = Data(base64Encoded: text), raw.count == 32,
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { throw ProfileRefusal.malformed("\(role) \(id) is not a 32-byte Ed25519 public key in base64") }
            result[id] = key
        }
        return result
    }

    /// This trust as an unsigned document, to be signed by the current and the new keys.
    public func document() -> SignedDocument { SignedDocument(kind: Self.kind, signed: signed) }

    /// Reads the `signed` part of a trust document (its signatures are checked elsewhere).
    public init(signed value: FieldValue) throws(ProfileRefusal) {
        guard case .object(let members) = value, members["type"] == .string(Self.kind),
            case .int(let version)? = members["version"], version >= 1, version <= Int64(Int32.max),
            case .int(let threshold)? = members["threshold"], threshold >= 1,
            case .object(let keyValues)? = members["keys"],
            Set(members.keys).subtracting(["reissuers"]) == ["type", "version", "threshold", "keys"]
        else {
            throw ProfileRefusal.malformed(
                "a trust file's signed part must be {type: \(Self.kind), version ≥ 1, threshold ≥ 1, keys: {id: base64}, reissuers (optional): {id: base64}}"
            )
        }
        let keys = try Self.keyTexts(keyValues, role: "trusted key")
        var reissuers: [String: String] = [:]
        if let listed = members["reissuers"] {
            guard case .object(let values) = listed else {
                throw ProfileRefusal.malformed("reissuers must be {id: base64}")
            }
            reissuers = try Self.keyTexts(values, role: "reissue key")
        }
        guard Int(threshold) <= keys.count else {
            throw ProfileRefusal.malformed("threshold \(threshold) is more than the \(keys.count) keys listed")
        }
        self.init(version: Int(version), threshold: Int(threshold), keys: keys, reissuers: reissuers)
        // One key under two ids (or two spellings of its base64) would let one signer
        // count twice towards the threshold: compared as keys, not as texts.
        var ids: [Data: String] = [:]
        for (id, key) in try publicKeys().sorted(by: { $0.key < $1.key }) {
            if let other = ids[key.rawRepresentation] {
                throw ProfileRefusal.malformed("keys \(other) and \(id) are the same public key; list each key once")
            }
            ids[key.rawRepresentation] = id
        }
        _ = try reissueKeys()
    }

    static func keyTexts(_ values: [String: FieldValue], role: String) throws(ProfileRefusal) -> [String: String] {
        var keys: [String: String] = [:]
        for (id, key) in values {
            guard case .string(let text) = key else { throw ProfileRefusal.malformed("\(role) \(id) must be text") }
            keys[id] = text
        }
        return keys
    }

    /// The trust that replaces this one: `update` must be the next version, and signed by
    /// `threshold` of this trust's keys and by its own threshold of its own keys — so a
    /// stolen old key alone cannot install a trust, and a new trust must prove its keys.
    public func rotated(to update: SignedDocument) throws(ProfileRefusal) -> ProfileTrust {
        guard update.kind == Self.kind else { throw ProfileRefusal.malformed("not a trust file") }
        let next = try ProfileTrust(signed: update.signed)
        guard next.version == version + 1 else {
            throw ProfileRefusal(
                "trust-rotation",
                "trust version \(next.version) does not follow the installed version \(version); versions go up by one"
            )
        }
        _ = try update.verifiedKeys(trusted: try publicKeys(), threshold: threshold)
        _ = try update.verifiedKeys(trusted: try next.publicKeys(), threshold: next.threshold)
        return next
    }
}
