public import Crypto
public import Foundation

/// The signature a push arrived with, kept with every log row the push made, so that any
/// terminal can check a row against its origin's key (docs/PROTOCOL.md, "Origin
/// signatures"): the origin signed the push request — or its outbox file — over the
/// digest of the push's ``PushManifest``, which lists each scope's segment by its SHA-256.
///
/// Text form, UTF-8, lines ending in `\n`:
///
///     loket push attestation v1
///     request                      or: file
///     <host> <path and query> <time> <nonce> <principal>, a line each   or: <terminal name>
///     <signature, base64>
///     <the manifest's text>
public struct PushAttestation: Sendable, Equatable {
    /// How the origin signed.
    public enum Form: Sendable, Equatable {
        /// The push request's own signature (docs/PROTOCOL.md, "Signed requests").
        case request(host: String, pathAndQuery: String, timeMilliseconds: Int64, nonce: String, principal: String)
        /// An outbox file's signature (``OutboxFile``).
        case file(terminal: String)
    }

    public var form: Form
    public var signature: [UInt8]
    public var manifest: PushManifest

    public init(form: Form, signature: [UInt8], manifest: PushManifest) {
        self.form = form
        self.signature = signature
        self.manifest = manifest
    }

    /// What was signed.
    public var message: Data {
        switch form {
        case .request(let host, let pathAndQuery, let time, let nonce, let principal):
            RequestSignature(
                method: "POST", host: host, pathAndQuery: pathAndQuery, bodyDigest: manifest.digest,
                timeMilliseconds: time, nonce: nonce, principal: principal
            ).message
        case .file(let terminal):
            OutboxFile.signed(terminal, manifestDigest: manifest.digest)
        }
    }

    /// Whether `key` signed this, and `body` is the segment it lists for `scope`, as
    /// `origin`'s.
    public func vouches(for body: [UInt8], in scope: String, of origin: String, key: Curve25519.Signing.PublicKey)
        -> Bool
    {
        manifest.origin == origin && manifest.lists(body, in: scope) && vouchesForManifest(key: key)
    }

    /// Whether `key` made the signature (over the manifest, whatever its segments).
    public func vouchesForManifest(key: Curve25519.Signing.PublicKey) -> Bool {
        signature.count == 64 && key.isValidSignature(signature, for: message)
    }

    static let header = "loket push attestation v1"

    public func encoded() -> [UInt8] {
        var lines = [Self.header]
        switch form {
        case .request(let host, let pathAndQuery, let time, let nonce, let principal):
            lines += ["request", host, pathAndQuery, String(time), nonce, principal]
        case .file(let terminal):
            lines += ["file", terminal]
        }
        lines.append(Data(signature).base64EncodedString())
        return Array((lines.joined(separator: "\n") + "\n" + manifest.text).utf8)
    }

    /// Reads the text form; `nil` when it is not one.
    public init?(encoded bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var rest = Substring(text)
        func line() -> String? {
            guard let end = rest.firstIndex(of: "\n") else { return nil }
            defer { rest = rest[rest.index(after: end)...] }
            return String(rest[..<end])
        }
        guard line() == Self.header, let kind = line() else { return nil }
        let form: Form
        switch kind {
        case "request":
            guard let host = line(), let path = line(), let time = line().flatMap(Int64.init), let nonce = line(),
                let principal = line()
            else { return nil }
            form = .request(host: host, pathAndQuery: path, timeMilliseconds: time, nonce: nonce, principal: principal)
        case "file":
            guard let terminal = line() else { return nil }
            form = .file(terminal: terminal)
        default:
            return nil
        }
        guard let text = line(), let signature = Data(base64Encoded: text), signature.count == 64,
            let manifest = PushManifest(text: String(rest))
        else { return nil }
        self.init(form: form, signature: Array(signature), manifest: manifest)
    }
}
