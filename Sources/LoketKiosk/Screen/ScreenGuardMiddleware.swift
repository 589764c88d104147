import HTTPTypes
public import Hummingbird

/// Guards a screen served on loopback (the kiosk screen, the lending desk) against the
/// pages its browser shows:
///
/// - **Only loopback names.** A request must be addressed to `127.0.0.1`, `localhost` or
///   `[::1]` (any port: the connection reached this one). A page on another name whose
///   DNS answer turns to 127.0.0.1 (DNS rebinding) is refused before it can act or read.
/// - **Actions only from the screen.** Any request but GET and HEAD sent with an `Origin`
///   must come from the screen itself (the origin of the name it was asked as) or the
///   session bar's extension: a page the visitor opens must not end their session, ask for
///   help or change the screen behind their back.
/// - **No framing, nothing from elsewhere.** Every answer carries a Content Security Policy
///   that allows only the screen's own scripts, styles and forms and `frame-ancestors
///   'none'`, and `X-Frame-Options: DENY` for browsers that predate it.
public struct ScreenGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let extensionOrigin: String

    /// What every answer says the browser may load and do.
    public static var contentSecurityPolicy: String {
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    static var frameOptions: HTTPField.Name { HTTPField.Name("X-Frame-Options")! }
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }

    public init(extensionID: String = KioskExtension.id) {
        self.extensionOrigin = "chrome-extension://\(extensionID)"
    }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let authority = request.head.authority, LoopbackName.isLoopback(authority: authority) else {
            throw HTTPError(
                .misdirectedRequest,
                // The Host and Origin a page sent are not echoed back.
                message: "this screen answers only requests addressed to 127.0.0.1 or localhost")
        }
        if request.method != .get, request.method != .head, let origin = request.headers[.origin],
            origin != "http://\(authority)", origin != extensionOrigin
        {
            throw HTTPError(
                .forbidden, message: "an action from another site is refused: only the kiosk screen acts here")
        }
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[Self.frameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        // Not `no-referrer`: with it Chromium sends `Origin: null` with the screen's own forms.
        response.headers[Self.referrerPolicy] = "same-origin"
        return response
    }
}
