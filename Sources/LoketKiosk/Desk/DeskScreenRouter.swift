import Foundation
public import Hummingbird
import NIOCore

/// The lending desk over HTTP, on loopback: pages by GET, staff's actions by POST forms,
/// each answered with a redirect (reloading never repeats a loan).
public enum DeskScreenRouter {
    public static func make(_ screen: DeskScreen) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ScreenGuardMiddleware())
        for view in DeskView.allCases {
            router.get(RouterPath(view.path)) { _, _ in KioskScreenRouter.html(await screen.page(view)) }
        }
        router.get("/static/desk.css") { _, _ in try KioskScreenRouter.file("desk.css", type: "text/css; charset=utf-8")
        }
        router.post("/checkout") { request, _ in
            let form = try await Self.form(request)
            await screen.checkout(tag: form["tag"] ?? "")
            return back(to: .home)
        }
        router.post("/return") { request, _ in
            let form = try await Self.form(request)
            await screen.returnDevice(tag: form["tag"] ?? "", condition: form["condition"])
            return back(to: .home)
        }
        router.post("/wiped") { request, _ in
            let form = try await Self.form(request)
            await screen.wiped(tag: form["tag"] ?? "", method: form["method"] ?? "", operator: form["operator"] ?? "")
            return back(to: .wipes)
        }
        router.post("/resolve") { request, _ in
            let form = try await Self.form(request)
            await screen.resolve(id: form["id"] ?? "", keep: form["keep"], note: form["note"] ?? "")
            return back(to: .conflicts)
        }
        router.post("/language") { request, _ in
            let form = try await Self.form(request)
            await screen.setLanguage(form["lang"] ?? "")
            return Response(
                status: .seeOther, headers: [.location: request.headers[.referer].flatMap(localPath) ?? "/"])
        }
        return router
    }

    static func form(_ request: Request) async throws -> [String: String] {
        var request = request
        return KioskScreenRouter.form(String(buffer: try await request.collectBody(upTo: 16_384)))
    }

    static func back(to view: DeskView) -> Response {
        Response(status: .seeOther, headers: [.location: view.path])
    }

    /// The path of a same-site referring page (to stay on it after a language change).
    static func localPath(_ referer: String) -> String? {
        guard let url = URL(string: referer), DeskView.allCases.contains(where: { $0.path == url.path }) else {
            return nil
        }
        return url.path
    }
}
