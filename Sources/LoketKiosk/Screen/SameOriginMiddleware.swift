public import Hummingbird

/// Refuses a visitor's or helper's action (any request but GET and HEAD) sent from another
/// site: a page the visitor opens must not end their session, ask for help or change the
/// screen behind their back. Allowed: no `Origin` (not sent by a browser script), the
/// kiosk screen itself (the origin of the `Host` it was asked as), and the session bar's
/// extension.
public struct SameOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let extensionOrigin: String

    public init(extensionID: String = KioskExtension.id) {
        self.extensionOrigin = "chrome-extension://\(extensionID)"
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method != .get, request.method != .head, let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let own = request.head.authority.map { "http://\($0)" }
        guard origin == own || origin == extensionOrigin else {
            throw HTTPError(.forbidden, message: "an action from \(origin) is refused: only the kiosk screen acts here")
        }
        return try await next(request, context)
    }
}
