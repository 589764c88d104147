/// One signature of a signed document: the key's id and the Ed25519 signature (base64)
/// over the document's signing message (``SignedDocument/message``).
public struct SignatureEntry: Sendable, Equatable, Codable {
    public var keyid: String
    public var sig: String

    public init(keyid: String, sig: String) {
        self.keyid = keyid
        self.sig = sig
    }
}
