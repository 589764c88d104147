import AsyncHTTPClient
public import Crypto
import Foundation
import LoketProtocol
public import LoketSync
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// HTTP to the hub: every request signed (``RequestSignature``), every answer checked.
/// Certificates are verified against the system's authorities and, when configured,
/// ``SyncConfiguration/trustedCertificatesPath``.
public final class HubConnection: Sendable {
    public let baseURL: String
    let client: HTTPClient
    let configuration: SyncConfiguration
    let clock: any WallClock
    private let observed = Mutex<ClockObservation?>(nil)

    /// What the last answer said of the time.
    public var clockObservation: ClockObservation? { observed.withLock { $0 } }

    /// The time to sign a request with: the wall clock, corrected by the hub's time once an
    /// answer told it (a terminal whose clock is wrong still gets its requests taken).
    func requestTime() -> Int64 {
        let wall = Int64(clamping: clock.nowMilliseconds())
        guard let offset = clockObservation?.offsetMilliseconds, abs(offset) >= 1_000 else { return wall }
        return wall - offset
    }

    /// Whether `url` names this machine: `localhost`, 127.0.0.0/8 or `[::1]`.
    static func isLoopback(_ url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// An answer: status, headers and body.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
    }

    public init(baseURL: String, configuration: SyncConfiguration, clock: any WallClock) throws {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw SyncError.notEnrolled("the hub address must start with http:// or https://, got \"\(baseURL)\"")
        }
        // In clear only on this machine: the enrolment answer carries the card key and the
        // profile trust, and every answer the terminal's data.
        if url.hasPrefix("http://"), !Self.isLoopback(url) {
            throw SyncError.notEnrolled(
                "the hub address \(baseURL) is not on this machine, so it must start with https:// (the enrolment answer carries keys)"
            )
        }
        self.baseURL = url
        self.configuration = configuration
        self.clock = clock
        var http = HTTPClient.Configuration()
        var tls = TLSConfiguration.makeClientConfiguration()
        if let path = configuration.trustedCertificatesPath {
            do {
                let extra = try NIOSSLCertificate.fromPEMFile(path)
                tls.trustRoots = .default
                tls.additionalTrustRoots = [.certificates(extra)]
            } catch {
                throw SyncError.notEnrolled("cannot read the trusted certificates \(path): \(error)")
            }
        }
        http.tlsConfiguration = tls
        http.timeout = .init(connect: .seconds(10), read: .seconds(configuration.requestTimeoutSeconds))
        http.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
    }

    /// Sends a request; `signer` (terminal or key name, and key) signs it when given.
    /// `timeout` (default: the configuration's request timeout) bounds the whole request,
    /// connecting included.
    ///
    /// A signed request the hub refuses as `stale-request` is sent once more, signed with the
    /// hub's time from that answer.
    public func send(
        _ method: String, _ pathAndQuery: String, body: [UInt8] = [], contentType: String? = nil,
        signer: (principal: String, key: Curve25519.Signing.PrivateKey)? = nil, timeout: Duration? = nil,
        headers: [(name: String, value: String)] = [], signedDigest: String? = nil
    ) async throws -> Answer {
        let before = clockObservation
        do {
            return try await attempt(
                method, pathAndQuery, body: body, contentType: contentType, signer: signer, timeout: timeout,
                headers: headers, signedDigest: signedDigest)
        } catch SyncError.hub(401, "stale-request", _)
            where signer != nil && clockObservation != nil && clockObservation != before
        {
            return try await attempt(
                method, pathAndQuery, body: body, contentType: contentType, signer: signer, timeout: timeout,
                headers: headers, signedDigest: signedDigest)
        }
    }

    func attempt(
        _ method: String, _ pathAndQuery: String, body: [UInt8], contentType: String?,
        signer: (principal: String, key: Curve25519.Signing.PrivateKey)?, timeout: Duration?,
        headers: [(name: String, value: String)], signedDigest: String?
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + pathAndQuery)
        request.method = HTTPMethod(rawValue: method)
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.add(
            name: ProtocolHeaders.changesetVersion, value: String(Changeset.readableBinaryVersions.upperBound))
        if let signer {
            let time = requestTime()
            let nonce = RequestSignature.makeNonce()
            let host = RequestSignature.host(ofURL: baseURL)
            // A push is signed over its manifest's digest (docs/PROTOCOL.md, "Origin signatures").
            let signature =
                signedDigest.map {
                    RequestSignature(
                        method: method, host: host, pathAndQuery: pathAndQuery, bodyDigest: $0, timeMilliseconds: time,
                        nonce: nonce, principal: signer.principal)
                }
                ?? RequestSignature(
                    method: method, host: host, pathAndQuery: pathAndQuery, body: body, timeMilliseconds: time,
                    nonce: nonce, principal: signer.principal)
            request.headers.add(name: ProtocolHeaders.principal, value: signer.principal)
            request.headers.add(name: ProtocolHeaders.time, value: String(time))
            request.headers.add(name: ProtocolHeaders.nonce, value: nonce)
            request.headers.add(name: ProtocolHeaders.signature, value: try signature.sign(with: signer.key))
        }
        if !body.isEmpty || method == "POST" {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let collected: ByteBuffer
        let started = ContinuousClock.now
        let sentAt = clock.nowMilliseconds()
        do {
            let limit = timeout ?? .seconds(configuration.requestTimeoutSeconds)
            let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
            response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            collected = try await response.body.collect(upTo: configuration.maximumResponseBytes)
        } catch let error as NIOTooManyBytesError {
            throw SyncError.badAnswer(
                "the answer is larger than \(configuration.maximumResponseBytes) bytes (\(error))")
        } catch {
            throw SyncError.unreachable("\(method) \(baseURL)\(Self.pathOnly(pathAndQuery)): \(error)")
        }
        if let observer = configuration.requestObserver {
            let elapsed = ContinuousClock.now - started
            observer(
                "\(method) \(Self.pathOnly(pathAndQuery))",
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        if let text = headers[ProtocolHeaders.hubTime.lowercased()], let hub = UInt64(text),
            hub <= HybridTime.maximumMilliseconds
        {
            // The hub read its clock between sending and receiving: the middle is the best guess.
            let receivedAt = clock.nowMilliseconds()
            let local = sentAt / 2 + receivedAt / 2
            observed.withLock {
                $0 = ClockObservation(hubMilliseconds: hub, offsetMilliseconds: Int64(clamping: local) - Int64(hub))
            }
        }
        let answer = Answer(
            status: Int(response.status.code), headers: headers, body: Array(collected.readableBytesView))
        guard (200..<300).contains(answer.status) else { throw Self.error(from: answer) }
        return answer
    }

    /// The hub's JSON error, or a description of what came instead.
    static func error(from answer: Answer) -> SyncError {
        if let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(answer.body)) {
            return .hub(status: answer.status, code: body.error, message: body.message)
        }
        let text = String(decoding: answer.body.prefix(200), as: UTF8.self)
        return .hub(status: answer.status, code: "http-\(answer.status)", message: text.isEmpty ? "no details" : text)
    }

    static func pathOnly(_ pathAndQuery: String) -> Substring {
        pathAndQuery.split(separator: "?", maxSplits: 1).first ?? Substring(pathAndQuery)
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
