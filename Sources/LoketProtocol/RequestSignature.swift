public import Crypto
public import Foundation

/// What a terminal, admin or staff member signs for each request, and the checks on it.
///
/// The signed message binds the method, the host the request is addressed to, the path
/// with its query, the body's SHA-256, the time, the nonce and the principal, one per line
/// after a version tag:
///
///     LOKET-REQUEST-V2
///     POST
///     hub.example.nl
///     /v1/push
///     <sha256 of the body, lowercase hex>
///     <time, Unix ms>
///     <nonce>
///     terminal:ams-centrale-07
///
/// The host is as in the `Host` header, lower-cased, without a default port (`:80`,
/// `:443`): a request signed for one hub is refused by another that trusts the same key.
/// Changing any of them breaks the signature; the hub refuses a time outside its window
/// and a nonce it has seen before (each principal's nonces are kept for twice the window).
public struct RequestSignature: Sendable, Equatable {
    public var method: String
    public var host: String
    public var pathAndQuery: String
    public var bodyDigest: String
    public var timeMilliseconds: Int64
    public var nonce: String
    public var principal: String

    public init(
        method: String, host: String, pathAndQuery: String, body: some DataProtocol, timeMilliseconds: Int64,
        nonce: String, principal: String
    ) {
        self.method = method.uppercased()
        self.host = Self.normalizedHost(host)
        self.pathAndQuery = pathAndQuery
        self.bodyDigest = Self.digest(body)
        self.timeMilliseconds = timeMilliseconds
        self.nonce = nonce
        self.principal = principal
    }

    /// A request signed over `bodyDigest` (hex SHA-256) instead of a body: a push is signed
    /// over its manifest's digest (``PushManifest/digest``).
    public init(
        method: String, host: String, pathAndQuery: String, bodyDigest: String, timeMilliseconds: Int64,
        nonce: String, principal: String
    ) {
        self.method = method.uppercased()
        self.host = Self.normalizedHost(host)
        self.pathAndQuery = pathAndQuery
        self.bodyDigest = bodyDigest
        self.timeMilliseconds = timeMilliseconds
        self.nonce = nonce
        self.principal = principal
    }

    /// The bytes that are signed.
    public var message: Data {
        Data(
            ["LOKET-REQUEST-V2", method, host, pathAndQuery, bodyDigest, String(timeMilliseconds), nonce, principal]
                .joined(separator: "\n").utf8)
    }

    /// Signs the message; the result goes into the `Loket-Signature` header.
    public func sign(with key: Curve25519.Signing.PrivateKey) throws -> String {
        try key.signature(for: message).base64EncodedString()
    }

    /// Whether `signature` (base64) is a valid signature of this message by `key`.
    public func verify(_ signature: String, with key: Curve25519.Signing.PublicKey) -> Bool {
        guard let bytes = Data(base64Encoded: signature), bytes.count == 64 else { return false }
        return key.isValidSignature(bytes, for: message)
    }

    /// `authority` (a `Host` header, or a URL's host and port) as it is signed: lower-cased,
    /// without `:80` or `:443`.
    public static func normalizedHost(_ authority: String) -> String {
        var host = authority.lowercased()
        for port in [":80", ":443"] where host.hasSuffix(port) {
            host.removeLast(port.count)
        }
        return host
    }

    /// The host part of `url` (`https://hub.example.nl:8443/…`) as it is signed.
    public static func host(ofURL url: String) -> String {
        guard let components = URLComponents(string: url), let name = components.host else { return "" }
        let bracketed = name.contains(":") && !name.hasPrefix("[") ? "[\(name)]" : name
        return normalizedHost(components.port.map { "\(bracketed):\($0)" } ?? bracketed)
    }

    /// SHA-256 of `body`, lowercase hex.
    public static func digest(_ body: some DataProtocol) -> String {
        hex(SHA256.hash(data: body))
    }

    /// Lower-case hex of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A fresh nonce: 16 random bytes, lowercase hex.
    public static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Whether `nonce` has the allowed form: 16–64 characters of `0-9a-f`.
    public static func isWellFormedNonce(_ nonce: String) -> Bool {
        (16...64).contains(nonce.utf8.count) && isLowerHex(nonce)
    }

    /// Whether `text` is only `0-9a-f`.
    public static func isLowerHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
