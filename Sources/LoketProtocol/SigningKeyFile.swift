public import Crypto
import Foundation

/// An Ed25519 private key in a file of its own: one line,
/// `loket-ed25519-v1 <key id> <base64 of the 32-byte private key>`, mode 0600.
public struct SigningKeyFile: Sendable {
    /// The key's name, as the hub knows it (`Loket-Principal: key:<id>`).
    public var keyID: String
    public var privateKey: Curve25519.Signing.PrivateKey

    static let tag = "loket-ed25519-v1"

    public init(keyID: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.keyID = keyID
        self.privateKey = privateKey
    }

    /// Reads a key file; errors name the file and what is wrong with it.
    public init(contentsOf path: String) throws(ProtocolError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProtocolError("cannot read key file \(path): it does not exist or is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProtocolError("key file \(path) is not text")
        }
        try self.init(text: text, source: "key file \(path)")
    }

    /// Reads a key file's text; errors name `source`.
    public init(text: String, source: String) throws(ProtocolError) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 3, parts[0] == Self.tag else {
            throw ProtocolError("\(source) is not a Loket key (expected \"\(Self.tag) <id> <key>\")")
        }
        guard let raw = Data(base64Encoded: String(parts[2])), raw.count == 32,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw ProtocolError("\(source) holds a damaged key (expected 32 bytes, base64)")
        }
        self.init(keyID: String(parts[1]), privateKey: key)
    }

    /// The file's text.
    public var text: String { "\(Self.tag) \(keyID) \(privateKey.rawRepresentation.base64EncodedString())\n" }

    /// Writes the key readable by its owner only; refuses to overwrite an existing file.
    public func write(to path: String) throws(ProtocolError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ProtocolError("\(path) exists; a key file is never overwritten (move it away first)")
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw ProtocolError("cannot write key file \(path)")
        }
    }

    /// The public half, base64 of its 32 raw bytes, as the hub stores it.
    public var publicKeyBase64: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }
}
