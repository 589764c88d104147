import HTTPTypes
import Hummingbird

/// Tells browsers to reach the hub over HTTPS only, for a year (`Strict-Transport-Security`),
/// on every answer: added when the hub serves TLS itself or is told it sits behind a TLS
/// proxy (`--console-secure-cookie`), so a console log-in is never sent in clear after the
/// first visit.
struct StrictTransportMiddleware<Context: RequestContext>: RouterMiddleware {
    static var field: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[Self.field] = "max-age=31536000"
        return response
    }
}
