import Foundation
public import Hummingbird
import LoketPeripherals
import NIOCore

/// The kiosk screen over HTTP, on loopback: pages by GET, the visitor's actions by POST
/// forms (each answered with a redirect to the page, so reloading never repeats one), the
/// style sheet and the script, and `status.json` for the script's countdown.
public enum KioskScreenRouter {
    public static func make(_ screen: KioskScreen) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ScreenGuardMiddleware())
        router.get("/") { request, _ in
            html(await screen.page(fresh: request.uri.queryParameters.get("start") == "1"))
        }
        router.get("/help") { _, _ in html(await screen.page(view: .help)) }
        router.get("/help/digid-machtigen") { _, _ in html(await screen.page(view: .machtigen)) }
        router.get("/print") { _, _ in html(await screen.page(view: .print)) }
        router.post("/print/release") { _, _ in
            await screen.releasePrints()
            return Response(status: .seeOther, headers: [.location: "/print"])
        }
        // The kiosk's print path hands the visitor's document here (PDF or plain text, as
        // the body): held for the running session.
        router.post("/print/submit") { request, _ in
            var request = request
            let format = request.headers[.contentType]?.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard let format, !format.isEmpty else {
                throw HTTPError(
                    .badRequest, message: "say the document's format: Content-Type application/pdf or text/plain")
            }
            let body = try await request.collectBody(upTo: PrintConfiguration().maxDocumentBytes)
            do {
                let id = try await screen.submitPrint(Array(buffer: body), format: format)
                return Response(
                    status: .created, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: "{\"job\":\"\(id)\"}")))
            } catch let error as PrintError {
                throw HTTPError(error.kind == .badInput ? .badRequest : .serviceUnavailable, message: error.message)
            } catch {
                throw HTTPError(.conflict, message: "\(error)")
            }
        }
        router.post("/help/request") { _, _ in
            await screen.act(.requestHelp)
            return Response(status: .seeOther, headers: [.location: "/help"])
        }
        router.post("/help/stop") { _, _ in await after(screen, .stopHelp) }

        // The helper's second screen: its own cookie tells the joined helper.
        router.get("/helper") { request, _ in html(await screen.helperPage(token: helperToken(request))) }
        router.post("/helper/join") { request, _ in
            var request = request
            let form = Self.form(String(buffer: try await request.collectBody(upTo: 4096)))
            let token = Self.newToken()
            var response = Response(status: .seeOther, headers: [.location: "/helper"])
            if await screen.helperJoin(code: form["code"] ?? "", token: token) {
                response.headers[.setCookie] = "\(helperCookie)=\(token); Path=/helper; HttpOnly; SameSite=Strict"
            }
            return response
        }
        router.post("/helper/question") { request, _ in
            var request = request
            let form = Self.form(String(buffer: try await request.collectBody(upTo: 4096)))
            guard let category = form["category"].flatMap(HelpCategory.init(rawValue:)) else {
                throw HTTPError(
                    .badRequest,
                    message: "category must be one of: \(HelpCategory.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            do { try await screen.helperQuestion(category, token: helperToken(request)) } catch {
                throw HTTPError(.forbidden, message: "\(error)")
            }
            return Response(status: .seeOther, headers: [.location: "/helper"])
        }
        router.post("/helper/leave") { request, _ in
            await screen.helperLeave(token: helperToken(request))
            return Response(
                status: .seeOther,
                headers: [.location: "/helper", .setCookie: "\(helperCookie)=; Path=/helper; Max-Age=0"])
        }
        router.get("/status.json") { _, _ in
            let status = await screen.status()
            let body = try JSONSerialization.data(withJSONObject: status, options: [.sortedKeys])
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get("/static/kiosk.css") { _, _ in try file("kiosk.css", type: "text/css; charset=utf-8") }
        router.get("/static/kiosk.js") { _, _ in try file("kiosk.js", type: "text/javascript; charset=utf-8") }
        router.post("/guest") { _, _ in await after(screen, .startGuest) }
        router.post("/input") { _, _ in
            await screen.act(.input)
            return Response(status: .noContent)
        }
        router.post("/continue") { _, _ in await after(screen, .input) }
        router.post("/extend") { _, _ in await after(screen, .extend) }
        router.post("/end") { _, _ in await after(screen, .end) }
        router.post("/preferences") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 4096)
            let form = Self.form(String(buffer: body))
            return await after(
                screen,
                .preferences(
                    language: form["lang"], largeText: form["large"].map { $0 == "1" },
                    highContrast: form["contrast"].map { $0 == "1" }))
        }
        return router
    }

    static let helperCookie = "loket-helper"

    static func helperToken(_ request: Request) -> String? {
        request.cookies[helperCookie]?.value
    }

    /// 128 random bits, hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
    }

    static func after(_ screen: KioskScreen, _ action: ScreenAction) async -> Response {
        await screen.act(action)
        return Response(status: .seeOther, headers: [.location: "/"])
    }

    static func html(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func file(_ name: String, type: String) throws -> Response {
        let data: Data
        do { data = try ScreenResources.data(name) } catch { throw HTTPError(.notFound, message: error.message) }
        return Response(
            status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An `application/x-www-form-urlencoded` body as name → value (the hub's console
    /// reads its forms with it too).
    public static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}
