import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A person's browser, reduced to what the console tests need: it keeps the cookies the
/// hub sets, sends forms, and does not follow redirects (the tests read them).
final class ConsoleClient: Sendable {
    struct Page {
        var status: Int
        var headers: [String: String]
        var text: String
        var location: String? { headers["location"] }
    }

    let base: String
    let client: HTTPClient
    let jar = Mutex<[String: String]>([:])

    /// - Parameter connections: how many requests may be under way at once (an attacker's
    ///   burst sends them all together).
    init(base: String, connections: Int = 8) {
        self.base = base
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        client = HTTPClient(configuration: configuration)
    }

    func get(_ path: String) async throws -> Page { try await send("GET", path) }

    func post(
        _ path: String, _ form: [String: String] = [:], origin: String? = nil, headers: [String: String] = [:]
    ) async throws -> Page {
        let body = form.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        .joined(separator: "&")
        return try await send("POST", path, body: body, origin: origin ?? base, headers: headers)
    }

    func send(
        _ method: String, _ path: String, body: String? = nil, origin: String? = nil, headers: [String: String] = [:]
    ) async throws -> Page {
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let cookies = jar.withLock { $0 }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        if !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies) }
        if let origin { request.headers.add(name: "Origin", value: origin) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let collected = try await response.body.collect(upTo: 16 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        for cookie in response.headers["set-cookie"] {
            let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            jar.withLock { $0[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
        }
        return Page(status: Int(response.status.code), headers: headers, text: String(buffer: collected))
    }

    func shutdown() async throws { try await client.shutdown() }
}
