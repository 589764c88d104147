public import LoketProtocol
import LoketSync

/// Signing a profile: its canonical JSON inside a ``SignedDocument`` of kind
/// `loket-profile-v1`.
public enum SignedProfile {
    public static let kind = "loket-profile-v1"

    /// `profile` signed by `keys` (each adds a signature), as canonical JSON bytes.
    public static func sign(_ profile: KioskProfile, with keys: [SigningKeyFile]) throws -> [UInt8] {
        let value = try FieldValue(json: String(decoding: try CanonicalJSON.encode(profile), as: UTF8.self))
        var document = SignedDocument(kind: kind, signed: value)
        for key in keys { try document.sign(with: key) }
        return try document.encoded()
    }
}
