import Foundation
import LoketSync

/// What a terminal said after judging a profile version, as the hub keeps it (the
/// document `report/<profile>/<terminal>`): taken from the `profile_reports` record the
/// terminal pushes.
struct ProfileReport: Codable, Sendable, Equatable {
    var terminal: String
    var profile: String
    var version: Int
    /// `applied`, `apply-failed`, or a refusal code (`bad-signature`, `expired`, …).
    var result: String
    var detail: String?
    /// `nil`: the terminal could not tell.
    var peripheralsOK: Bool?
    var syncLagSeconds: Int?
    /// The terminal's clock when it reported.
    var reportedAtMilliseconds: Int64
    /// The hub's clock when the report arrived: what the rollout window is measured by.
    var receivedAtMilliseconds: Int64 = 0

    /// Healthy: applied, no expected peripheral missing, and in sync recently enough.
    func isHealthy(maximumSyncLagSeconds: Int) -> Bool {
        result == "applied" && peripheralsOK != false && (syncLagSeconds ?? 0) <= maximumSyncLagSeconds
    }

    /// The report in one push's changes to a `profile_reports` record, or `nil` when they
    /// do not hold a whole one (the terminal writes every field at once).
    init?(terminal: String, changes: [Change]) {
        var fields: [String: FieldValue] = [:]
        for change in changes {
            if case .register(let field, let value) = change.operation { fields[field] = value }
        }
        guard case .string(let profile)? = fields["profile"], case .int(let version)? = fields["version"],
            case .string(let result)? = fields["result"], case .int(let at)? = fields["reported_at"]
        else { return nil }
        self.terminal = terminal
        self.profile = profile
        self.version = Int(clamping: version)
        self.result = result
        if case .string(let detail)? = fields["detail"] { self.detail = detail }
        if case .bool(let ok)? = fields["peripherals_ok"] { self.peripheralsOK = ok }
        if case .int(let lag)? = fields["sync_lag_s"] { self.syncLagSeconds = Int(clamping: lag) }
        self.reportedAtMilliseconds = at
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }

    static func decoded(_ bytes: [UInt8]) -> ProfileReport? { try? JSONDecoder().decode(Self.self, from: Data(bytes)) }
}
