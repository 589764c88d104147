import Foundation
import HTTPTypes
public import Hummingbird
import LoketProtocol
import LoketStore
import LoketSync
import NIOCore

/// The hub's HTTP API (docs/PROTOCOL.md, `openapi.yaml`), mapped onto ``Hub``.
public enum HubRouter {
    /// Every route and its methods: an unknown method on a known path answers 405.
    public static let routes: [String: [String]] = [
        "/healthz": ["GET"], "/readyz": ["GET"], "/openapi.yaml": ["GET"], "/metrics": ["GET"],
        "/v1/admin/enrolments": ["POST"],
        "/v1/admin/terminals": ["GET"], "/v1/admin/terminals/{name}": ["DELETE"], "/v1/admin/profile-trust": ["PUT"],
        "/v1/admin/reissue-key": ["GET"],
        "/v1/admin/profiles": ["GET", "POST"], "/v1/admin/profiles/{id}": ["GET"],
        "/v1/admin/profiles/{id}/rollout": ["POST"], "/v1/admin/profiles/{id}/rollback": ["POST"],
        "/v1/enrol": ["POST"], "/v1/push": ["POST"], "/v1/pull": ["GET"], "/v1/snapshot": ["GET"],
        "/v1/allowances/claim": ["POST"], "/v1/allowances/release": ["POST"], "/v1/admin/audit": ["GET"],
        "/v1/health": ["POST"], "/v1/admin/statistics/{table}": ["GET"], "/v1/admin/alerts": ["GET"],
        "/v1/admin/alerts/{id}/acknowledge": ["POST"],
    ]

    /// The console's pages (HTML for people, not in the OpenAPI document).
    public static let consoleRoutes: [String: [String]] = [
        "/console": ["GET"], "/console/login": ["GET", "POST"], "/console/logout": ["POST"],
        "/console/language": ["POST"], "/console/terminals/{name}": ["GET"], "/console/rollouts": ["GET"],
        "/console/rollouts/{id}/rollback": ["POST"], "/console/alerts": ["GET"],
        "/console/alerts/{id}/acknowledge": ["POST"], "/console/audit": ["GET"], "/console/statistics": ["GET"],
        "/console/statistics/{file}": ["GET"], "/console/static/console.css": ["GET"],
    ]

    /// The methods of the route `path` matches (`{id}` matches one segment), if any.
    static func allowedMethods(_ path: String) -> [String]? {
        let all = routes.merging(consoleRoutes) { first, _ in first }
        if let methods = all[path] { return methods }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (template, methods) in all {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { continue }
            if zip(parts, segments).allSatisfy({ $0 == $1 || ($0.hasPrefix("{") && !$1.isEmpty) }) { return methods }
        }
        return nil
    }

    /// The router with every route and the error middleware.
    public static func make(_ hub: Hub) -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        // Outermost: the error middleware's answers carry the hub's time too.
        router.add(middleware: HubTimeMiddleware(clock: hub.clock))
        if hub.configuration.consoleSecureCookie ?? (hub.configuration.tlsCertificatePath != nil) {
            router.add(middleware: StrictTransportMiddleware())
        }
        router.add(middleware: HubErrorMiddleware(logger: hub.logger, metrics: hub.metrics))
        let limit = hub.configuration.maximumBodyBytes

        router.get("/healthz") { _, _ in json(["status": "ok"]) }
        router.get("/readyz") { _, _ in
            do { try await hub.store.ping() } catch {
                throw HubError.unavailable("the hub store does not answer: \(error)")
            }
            return json(["status": "ready"])
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: LoketMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(string: await hub.metrics.scrape())))
        }
        router.get("/openapi.yaml") { _, _ in
            guard let bytes = OpenAPIDocument.bytes else {
                throw HubError.notFound(
                    "the OpenAPI document is not installed beside this binary (\(OpenAPIDocument.bundleName))")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }

        router.post("/v1/admin/enrolments") { request, _ in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            let order: EnrolmentOrder = try decode(body)
            return try json(await hub.order(order, by: principal), status: .created)
        }
        router.get("/v1/admin/terminals") { request, _ in
            let principal = try await hub.authenticate(signed(request, []))
            let terminals = try await hub.terminals(by: principal)
            return try json(terminals)
        }
        router.delete("/v1/admin/terminals/:name") { request, context in
            let principal = try await hub.authenticate(signed(request, []))
            try await hub.retireTerminal(try context.parameters.require("name"), by: principal)
            return Response(status: .noContent)
        }
        ConsoleRouter.add(to: router, hub: hub)
        router.get("/v1/admin/statistics/:table") { request, context in
            let principal = try await hub.authenticate(signed(request, []))
            let name = try context.parameters.require("table")
            guard let table = FleetStatistics.Table(rawValue: name) else {
                throw HubError.notFound(
                    "no statistics \(name); there are \(FleetStatistics.Table.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: try await hub.statistics(table, by: principal))))
        }
        router.post("/v1/health") { request, _ in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            return try json(await hub.takeHealth(body, as: Authenticated(principal: principal, nonce: nil)))
        }
        router.get("/v1/admin/alerts") { request, _ in
            let principal = try await hub.authenticate(signed(request, []))
            let state = request.uri.queryParameters.get("state") ?? "open"
            guard state == "open" || state == "all" else {
                throw HubError.badRequest("bad-state", "state must be open or all, got \"\(state)\"")
            }
            return try json(await hub.alerts(by: principal, includeCleared: state == "all"))
        }
        router.post("/v1/admin/alerts/:id/acknowledge") { request, context in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            return try json(await hub.acknowledgeAlert(try context.parameters.require("id"), by: principal))
        }
        router.get("/v1/admin/audit") { request, _ in
            let principal = try await hub.authenticate(signed(request, []))
            return try json(await hub.auditLog(by: principal))
        }
        router.put("/v1/admin/profile-trust") { request, _ in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            return try json(await hub.setProfileTrust(body, by: principal))
        }
        router.get("/v1/admin/reissue-key") { request, _ in
            let principal = try await hub.authenticate(signed(request, []))
            return try json(await hub.reissueKeyInfo(by: principal))
        }
        router.post("/v1/admin/profiles") { request, _ in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            return try json(await hub.pushProfile(body, by: principal), status: .created)
        }
        router.get("/v1/admin/profiles") { request, _ in
            let principal = try await hub.authenticate(signed(request, []))
            return try json(await hub.profileStatuses(by: principal))
        }
        router.get("/v1/admin/profiles/:id") { request, context in
            let principal = try await hub.authenticate(signed(request, []))
            return try json(await hub.profileStatus(try context.parameters.require("id"), by: principal))
        }
        router.post("/v1/admin/profiles/:id/rollout") { request, context in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            let order: RolloutOrder = try decode(body)
            return try json(await hub.rollout(try context.parameters.require("id"), order, by: principal))
        }
        router.post("/v1/admin/profiles/:id/rollback") { request, context in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            return try json(await hub.rollback(try context.parameters.require("id"), by: principal))
        }
        router.post("/v1/allowances/claim") { request, _ in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            let claim: AllowanceClaim = try decode(body)
            return try json(await hub.claimAllowance(claim, by: principal))
        }
        router.post("/v1/allowances/release") { request, _ in
            let body = try await collect(request, limit: limit)
            let principal = try await hub.authenticate(signed(request, body))
            let claim: AllowanceClaim = try decode(body)
            return try json(await hub.releaseAllowance(claim, by: principal))
        }
        router.post("/v1/enrol") { request, _ in
            let body = try await collect(request, limit: limit)
            let enrol: EnrolRequest = try decode(body)
            return try json(await hub.enrol(enrol))
        }
        router.post("/v1/push") { request, _ in
            let body = try await collect(request, limit: limit)
            let (caller, push, attestation) = try await hub.verifyPush(signed(request, body))
            return try json(await hub.push(push, attestation: attestation, as: caller))
        }
        router.get("/v1/pull") { request, _ in
            let caller = try await hub.verify(signed(request, []))
            let cursor = try integer(request, "cursor") ?? 0
            let own = request.uri.queryParameters.get("own")
            guard own == nil || own == "0" || own == "1" else {
                throw HubError.badRequest("bad-own", "own must be 0 or 1, got \"\(own!)\"")
            }
            let form = request.headers[field(ProtocolHeaders.pullForm)]
            guard form == nil || form == "segments" else {
                throw HubError.badRequest(
                    "bad-pull-form",
                    "\(ProtocolHeaders.pullForm) must be segments or absent, got \"\(form!.prefix(40))\"")
            }
            let page = try await hub.pull(
                after: cursor, limit: try integer(request, "limit").map(Int.init), includeOwn: own == "1",
                as: caller)
            var headers: HTTPFields = [:]
            headers[field(ProtocolHeaders.logEpoch)] = try await hub.logEpoch()
            headers[field(ProtocolHeaders.cursor)] = String(page.cursor)
            headers[field(ProtocolHeaders.more)] = page.more ? "1" : "0"
            let body: [UInt8]
            if form == "segments" {
                headers[.contentType] = ProtocolHeaders.segmentsMediaType
                headers[field(ProtocolHeaders.signedFrom)] = String(page.signedFrom)
                body = try await hub.segmentPage(page).encoded()
            } else {
                headers[.contentType] = ProtocolHeaders.changesetMediaType
                body = Changeset(changes: try Hub.changes(of: page)).encoded(version: changesetVersion(request))
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("/v1/snapshot") { request, _ in
            let principal = try await hub.authenticate(signed(request, []))
            let after = request.uri.queryParameters.get("after")
            let page = try await hub.snapshot(
                after: after, limit: try integer(request, "limit").map(Int.init), by: principal)
            var headers: HTTPFields = [.contentType: ProtocolHeaders.changesetMediaType]
            headers[field(ProtocolHeaders.logEpoch)] = try await hub.logEpoch()
            headers[field(ProtocolHeaders.horizon)] = String(page.horizon)
            headers[field(ProtocolHeaders.more)] = page.next == nil ? "0" : "1"
            if let next = page.next { headers[field(ProtocolHeaders.next)] = next }
            return Response(
                status: .ok, headers: headers,
                body: .init(
                    byteBuffer: ByteBuffer(
                        bytes: Changeset(changes: page.changes).encoded(version: changesetVersion(request)))))
        }
        return router
    }

    static func field(_ name: String) -> HTTPField.Name { HTTPField.Name(name)! }

    /// The binary changeset version to answer in: the one the request asks for
    /// (`Loket-Changeset-Version`, the highest it reads), at most the highest this hub
    /// writes; version 1 when the request does not say (an older terminal).
    static func changesetVersion(_ request: Request) -> UInt8 {
        guard let text = request.headers[field(ProtocolHeaders.changesetVersion)], let asked = UInt8(text),
            asked >= Changeset.binaryVersion
        else { return Changeset.binaryVersion }
        return min(asked, Changeset.readableBinaryVersions.upperBound)
    }

    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return Array(buffer.readableBytesView)
    }

    static func signed(_ request: Request, _ body: [UInt8]) -> Hub.SignedRequest {
        Hub.SignedRequest(
            method: request.method.rawValue, host: request.head.authority, pathAndQuery: request.uri.string, body: body,
            principal: request.headers[field(ProtocolHeaders.principal)],
            time: request.headers[field(ProtocolHeaders.time)],
            nonce: request.headers[field(ProtocolHeaders.nonce)],
            signature: request.headers[field(ProtocolHeaders.signature)])
    }

    static func integer(_ request: Request, _ name: String) throws -> Int64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int64(text) else {
            throw HubError.badRequest("bad-\(name)", "\(name) must be a whole number, got \"\(text)\"")
        }
        return value
    }

    static func decode<T: Decodable>(_ body: [UInt8]) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch let error as DecodingError {
            throw HubError.badRequest("bad-json", "the body is not the expected JSON: \(describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "" : " at \(text)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "\(context.debugDescription)\(path(context))"
        @unknown default: return "\(error)"
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: [.contentType: ProtocolHeaders.jsonMediaType],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func json(_ value: [String: String]) -> Response {
        (try? json(value, status: .ok)) ?? Response(status: .internalServerError)
    }
}
