/// An error the hub answers with: an HTTP status, a stable code, and a sentence that says
/// what was wrong and what to do. Answered as `{"error": code, "message": message}`.
public struct HubError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func badRequest(_ code: String, _ message: String) -> HubError {
        HubError(status: 400, code: code, message)
    }
    static func unauthorized(_ code: String, _ message: String) -> HubError {
        HubError(status: 401, code: code, message)
    }
    static func forbidden(_ code: String, _ message: String) -> HubError {
        HubError(status: 403, code: code, message)
    }
    static func notFound(_ message: String) -> HubError { HubError(status: 404, code: "not-found", message) }
    static func conflict(_ code: String, _ message: String) -> HubError { HubError(status: 409, code: code, message) }
    static func unavailable(_ message: String) -> HubError { HubError(status: 503, code: "unavailable", message) }
}
