import Foundation
import LoketProtocol

/// Terminals' health reports (`POST /v1/health`): the hub keeps the last one of each, for
/// the console and the alerts.
extension Hub {
    static let healthPrefix = "health/"

    /// Keeps a terminal's report (only a terminal reports, about itself).
    public func takeHealth(_ body: [UInt8], as caller: Authenticated) async throws -> TerminalHealth {
        let terminal = try Self.terminal(caller.principal)
        let report: HealthReport
        do { report = try JSONDecoder().decode(HealthReport.self, from: Data(body)) } catch let error as DecodingError {
            throw HubError.badRequest(
                "bad-health", "the health report is not the expected JSON: \(HubRouter.describe(error))")
        }
        if let problem = report.problem { throw HubError.badRequest("bad-health", "the health report's \(problem)") }
        let health = TerminalHealth(report: report, receivedAtMilliseconds: now)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let name = Self.healthPrefix + terminal.name
        let bytes = Array(try encoder.encode(health))
        for _ in 0..<8 {
            let current = try await store.document(named: name)
            if try await store.replaceDocument(named: name, with: bytes, expected: current) { return health }
        }
        throw HubError.conflict("busy", "the health of \(terminal.name) kept changing; retry")
    }

    /// The last report of every terminal that sent one, by terminal name.
    public func healthReports() async throws -> [String: TerminalHealth] {
        var reports: [String: TerminalHealth] = [:]
        for (name, body) in try await store.documents(prefix: Self.healthPrefix) {
            guard let health = try? JSONDecoder().decode(TerminalHealth.self, from: Data(body)) else {
                logger.warning("a stored health report is unreadable", metadata: ["document": "\(name)"])
                continue
            }
            reports[String(name.dropFirst(Self.healthPrefix.count))] = health
        }
        return reports
    }

    /// The branch a terminal serves: its first `branch:` scope.
    static func branch(of terminal: TerminalRecord) -> String? {
        terminal.scopes.first { $0.hasPrefix("branch:") }.map { String($0.dropFirst("branch:".count)) }
    }
}
