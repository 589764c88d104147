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

    public init(version: Int, threshold: Int = 1, keys: [String: String]) {
        self.version = version
        self.threshold = threshold
        self.keys = keys
    }

    /// A first trust file with the public halves of `signers`.
    public init(version: Int = 1, threshold: Int = 1, signers: [SigningKeyFile]) {
        var keys: [String: String] = [:]
        for key in signers { keys[key.keyID] = key.privateKey.publicKey.rawRepresentation.base64EncodedString() }
        self.init(version: version, threshold: threshold, keys: keys)
    }

    var signed: FieldValue {
        .object([
            "type": .string(Self.kind), "version": .int(Int64(version)), "threshold": .int(Int64(threshold)),
            "keys": .object(keys.mapValues { .string($0) }),
        ])
    }

    /// The keys as Crypto keys; a damaged one is `malformed`.
    public func publicKeys() throws(ProfileRefusal) -> [String: Curve25519.Signing.PublicKey] {
        var result: [String: Curve25519.Signing.PublicKey] = [:]
        for (id, text) in keys {
            guard let raw = Data(base64Encoded: text), raw.count == 32,
                let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
            else { throw ProfileRefusal.malformed("trusted key \(id) is not a 32-byte Ed25519 public key in base64") }
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
            Set(members.keys) == ["type", "version", "threshold", "keys"]
        else {
            throw ProfileRefusal.malformed(
                "a trust file's signed part must be {type: \(Self.kind), version ≥ 1, threshold ≥ 1, keys: {id: base64}}"
            )
        }
        var keys: [String: String] = [:]
        for (id, key) in keyValues {
            guard case .string(let text) = key else { throw ProfileRefusal.malformed("trusted key \(id) must be text") }
            keys[id] = text
        }
        guard Int(threshold) <= keys.count else {
            throw ProfileRefusal.malformed("threshold \(threshold) is more than the \(keys.count) keys listed")
        }
        self.init(version: Int(version), threshold: Int(threshold), keys: keys)
        _ = try publicKeys()
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
