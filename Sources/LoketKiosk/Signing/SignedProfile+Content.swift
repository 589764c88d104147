extension SignedProfile {
    /// The profile a signed file carries, as canonical JSON text — unverified, for reading
    /// only (rendering, looking up the installed version by id); `nil` when the bytes are
    /// no signed profile.
    public static func unverifiedContent(_ bytes: [UInt8]) -> String? {
        guard let document = try? SignedDocument(kind: kind, json: bytes),
            let canonical = try? CanonicalJSON.encode(document.signed)
        else { return nil }
        return String(decoding: canonical, as: UTF8.self)
    }

    /// The `id` a signed profile claims — unverified; `nil` when there is none.
    public static func unverifiedID(_ bytes: [UInt8]) -> String? {
        guard let document = try? SignedDocument(kind: kind, json: bytes), case .object(let fields) = document.signed,
            case .string(let id)? = fields["id"]
        else { return nil }
        return id
    }
}
