import AsyncHTTPClient
import Foundation
import LoketProtocol
import NIOCore
import NIOHTTP1

/// Plain HTTP requests with exactly the headers and bytes a test chooses: for requests a
/// well-behaved client never sends.
enum RawHTTP {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var error: ErrorBody? { try? JSONDecoder().decode(ErrorBody.self, from: Data(body)) }
    }

    static func send(
        _ base: String, _ method: String, _ pathAndQuery: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: base + pathAndQuery)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if !body.isEmpty || method == "POST" { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 64 << 20)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: fields, body: Array(collected.readableBytesView))
    }

    /// The four signature headers for a request, signed by `key` as `principal` at `time`.
    static func signedHeaders(
        _ method: String, _ pathAndQuery: String, body: [UInt8], host: String, principal: String, key: SigningKeyFile,
        time: Int64, nonce: String = RequestSignature.makeNonce(), bodyDigest: String? = nil
    ) throws -> [(String, String)] {
        let signature = RequestSignature(
            method: method, host: host, pathAndQuery: pathAndQuery,
            bodyDigest: bodyDigest ?? RequestSignature.digest(body), timeMilliseconds: time, nonce: nonce,
            principal: principal)
        return [
            (ProtocolHeaders.principal, principal), (ProtocolHeaders.time, String(time)),
            (ProtocolHeaders.nonce, nonce), (ProtocolHeaders.signature, try signature.sign(with: key.privateKey)),
        ]
    }
}
