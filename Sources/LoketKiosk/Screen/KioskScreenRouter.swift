import Foundation
public import Hummingbird
import NIOCore

/// The kiosk screen over HTTP, on loopback: pages by GET, the visitor's actions by POST
/// forms (each answered with a redirect to the page, so reloading never repeats one), the
/// style sheet and the script, and `status.json` for the script's countdown.
public enum KioskScreenRouter {
    public static func make(_ screen: KioskScreen) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.get("/") { request, _ in
            html(await screen.page(fresh: request.uri.queryParameters.get("start") == "1"))
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

    /// An `application/x-www-form-urlencoded` body as name → value.
    static func form(_ text: String) -> [String: String] {
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
