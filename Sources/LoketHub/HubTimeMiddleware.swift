import Hummingbird
import LoketProtocol
import LoketSync

/// Puts the hub's clock on every answer (`Loket-Hub-Time`), errors included, so a terminal
/// whose clock is wrong learns by how much from its first request (docs/PROTOCOL.md,
/// "Clocks").
struct HubTimeMiddleware<Context: RequestContext>: RouterMiddleware {
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[HubRouter.field(ProtocolHeaders.hubTime)] = String(clock.nowMilliseconds())
        return response
    }
}
