import Foundation
import Hummingbird
import Logging
import LoketProtocol
import LoketStore
import NIOCore

/// Turns every error into a JSON answer `{"error", "message"}` with the right status, so a
/// client always learns what was wrong; errors it cannot name become a 500 that is logged.
struct HubErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let metrics: LoketMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HubError {
            if error.status >= 500 {
                logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return answer(status: error.status, code: error.code, message: error.message)
        } catch is NIOTooManyBytesError {
            return answer(
                status: 413, code: "body-too-large", message: "the request body is larger than the hub accepts")
        } catch let error as HTTPError
            where error.status == .notFound && HubRouter.allowedMethods(request.uri.path) != nil
        {
            let allowed = HubRouter.allowedMethods(request.uri.path)!
            var response = answer(
                status: 405, code: "method-not-allowed",
                message: "\(request.uri.path) takes \(allowed.joined(separator: ", ")), not \(request.method.rawValue)")
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch let error as HTTPError {
            let code =
                switch error.status.code {
                case 404: "not-found"
                case 405: "method-not-allowed"
                case 413: "body-too-large"
                default: "http-\(error.status.code)"
                }
            let message =
                switch error.status.code {
                case 404: "there is no \(request.method.rawValue) \(request.uri.path) here; see /openapi.yaml"
                case 413: "the request body is larger than the hub accepts"
                default: error.body ?? error.status.reasonPhrase
                }
            return answer(status: error.status.code, code: code, message: message)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return answer(status: 500, code: "internal", message: "the hub failed to answer; see its log")
        }
    }

    /// The error answer, counted by its code (`loket_hub_errors_total`).
    func answer(status: Int, code: String, message: String) -> Response {
        metrics.counter("loket_hub_errors_total", [("code", code)]).increment()
        return Self.response(status: status, code: code, message: message)
    }

    static func response(status: Int, code: String, message: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(ErrorBody(error: code, message: message))) ?? Data()
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: ProtocolHeaders.jsonMediaType],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
