import AsyncHTTPClient
import Foundation
import NIOCore

/// Posts each notice as JSON (``AlertNotice``: `event` and `alert`) to a URL — a chat's
/// incoming webhook, a paging service, a ticket system. A status other than 2xx, or no
/// answer within ten seconds, counts as not sent.
public struct WebhookNotifier: AlertNotifier {
    public let url: String

    public init(url: String) throws(HubError) {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw HubError.badRequest("bad-webhook", "the alert webhook must be an http(s):// URL, got \(url)")
        }
        self.url = url
    }

    public func send(_ notice: AlertNotice) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try encoder.encode(notice)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try? await response.body.collect(upTo: 64 << 10)
        guard (200..<300).contains(response.status.code) else {
            throw HubError(
                status: 502, code: "webhook-refused", "the alert webhook answered \(response.status.code)")
        }
    }
}
