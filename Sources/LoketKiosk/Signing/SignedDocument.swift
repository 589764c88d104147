public import Crypto
import Foundation
public import LoketProtocol
public import LoketSync

/// A signed document in the manner of The Update Framework: `{"signed": {…},
/// "signatures": [{"keyid": …, "sig": …}]}`, in canonical JSON (RFC 8785). Each signature
/// covers ``message``: a tag naming the kind of document, a newline, and the canonical
/// bytes of `signed` — so a profile signature can never pass for a trust file's, or for a
/// request's.
public struct SignedDocument: Sendable, Equatable {
    /// `loket-profile-v1` or `loket-trust-v1`.
    public var kind: String
    public var signed: FieldValue
    public var signatures: [SignatureEntry]

    public init(kind: String, signed: FieldValue, signatures: [SignatureEntry] = []) {
        self.kind = kind
        self.signed = signed
        self.signatures = signatures
    }

    /// What each signature signs.
    public var message: [UInt8] {
        get throws { Array("\(kind)\n".utf8) + (try CanonicalJSON.encode(signed)) }
    }

    /// Adds a signature by `key` (replacing an earlier one by the same key id).
    public mutating func sign(with key: SigningKeyFile) throws {
        let signature = try key.privateKey.signature(for: try message).base64EncodedString()
        signatures.removeAll { $0.keyid == key.keyID }
        signatures.append(SignatureEntry(keyid: key.keyID, sig: signature))
    }

    /// The ids of `trusted` keys whose signature verifies; throws ``ProfileRefusal`` when
    /// fewer than `threshold` do: `unsigned` (no signature), `bad-signature` (a trusted key's
    /// signature does not match), `untrusted-key` (signed only by keys not trusted).
    public func verifiedKeys(trusted: [String: Curve25519.Signing.PublicKey], threshold: Int) throws(ProfileRefusal)
        -> Set<String>
    {
        guard !signatures.isEmpty else {
            throw ProfileRefusal(
                "unsigned", "the \(Self.noun(kind)) carries no signature; sign it with loket profile sign")
        }
        let bytes: [UInt8]
        do { bytes = try message } catch { throw ProfileRefusal.malformed("\(error)") }
        var good = Set<String>()
        var bad: [String] = []
        for entry in signatures {
            guard let key = trusted[entry.keyid] else { continue }
            if let raw = Data(base64Encoded: entry.sig), raw.count == 64, key.isValidSignature(raw, for: bytes) {
                good.insert(entry.keyid)
            } else {
                bad.append(entry.keyid)
            }
        }
        // The threshold counts keys, not key ids: one key listed under two ids signs once.
        let distinct = Set(good.compactMap { trusted[$0]?.rawRepresentation })
        if distinct.count >= threshold { return good }
        if !bad.isEmpty {
            throw ProfileRefusal(
                "bad-signature",
                "the signature of key \(bad.joined(separator: ", ")) does not match the \(Self.noun(kind)): it was changed after signing, or signed with another key"
            )
        }
        if good.isEmpty {
            let names = signatures.map(\.keyid).joined(separator: ", ")
            throw ProfileRefusal(
                "untrusted-key",
                "signed by \(names), which this terminal does not trust (trusted: \(trusted.keys.sorted().joined(separator: ", ")))"
            )
        }
        throw ProfileRefusal(
            "untrusted-key", "signed by \(distinct.count) distinct trusted key(s), \(threshold) needed")
    }

    /// The document as canonical JSON: what is stored, shipped and signed.
    public func encoded() throws -> [UInt8] {
        let envelope: FieldValue = .object([
            "signed": signed,
            "signatures": .array(signatures.map { .object(["keyid": .string($0.keyid), "sig": .string($0.sig)]) }),
        ])
        return try CanonicalJSON.encode(envelope)
    }

    /// Reads an envelope; anything but `{"signed": {…}, "signatures": [...]}` is `malformed`
    /// (a document without the envelope is `unsigned`).
    public init(kind: String, json: [UInt8]) throws(ProfileRefusal) {
        let text = String(decoding: json, as: UTF8.self)
        let value: FieldValue
        do { value = try FieldValue(json: text) } catch {
            throw ProfileRefusal.malformed("the signed \(Self.noun(kind)) is not JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw ProfileRefusal.malformed("the signed \(Self.noun(kind)) must be a JSON object")
        }
        guard case .object = members["signed"] else {
            throw ProfileRefusal(
                "unsigned",
                "there is no {\"signed\": …, \"signatures\": […]} envelope: sign the \(Self.noun(kind)) first")
        }
        let unknown = Set(members.keys).subtracting(["signed", "signatures"])
        guard unknown.isEmpty else {
            throw ProfileRefusal.malformed("unknown envelope fields: \(unknown.sorted().joined(separator: ", "))")
        }
        var entries: [SignatureEntry] = []
        if let list = members["signatures"] {
            guard case .array(let items) = list else {
                throw ProfileRefusal.malformed("signatures must be a list")
            }
            for item in items {
                guard case .object(let entry) = item, case .string(let keyid)? = entry["keyid"],
                    case .string(let sig)? = entry["sig"], entry.count == 2
                else {
                    throw ProfileRefusal.malformed("each signature must be {\"keyid\": text, \"sig\": base64}")
                }
                entries.append(SignatureEntry(keyid: keyid, sig: sig))
            }
        }
        self.init(kind: kind, signed: members["signed"]!, signatures: entries)
    }

    static func noun(_ kind: String) -> String { kind.hasPrefix("loket-trust") ? "trust file" : "profile" }
}
