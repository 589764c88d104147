public import LoketProtocol

extension ProfileTrust {
    /// A trust file: this trust signed by `signers` — its own keys, and for a rotation the
    /// keys of the trust it replaces too. Canonical JSON bytes.
    public func file(signedBy signers: [SigningKeyFile]) throws -> [UInt8] {
        var document = document()
        for signer in signers { try document.sign(with: signer) }
        return try document.encoded()
    }

    /// Reads a trust file: a `loket-trust-v1` document signed by `threshold` of its own
    /// keys (the first trust a terminal gets comes over its authenticated enrolment;
    /// later ones through ``rotated(to:)``).
    public init(file bytes: [UInt8]) throws(ProfileRefusal) {
        let document = try SignedDocument(kind: Self.kind, json: bytes)
        let trust = try ProfileTrust(signed: document.signed)
        _ = try document.verifiedKeys(trusted: try trust.publicKeys(), threshold: trust.threshold)
        self = trust
    }
}
