/// `GET /v1/admin/audit`: the entries the caller may see and the last entry
/// the hub has seen of every chain, so a client verifies the log itself
/// (`loket audit verify --hub`).
public struct AuditLogPage: Codable, Sendable {
    public var entries: [AuditEntry]
    public var heads: [AuditHead]

    public init(entries: [AuditEntry], heads: [AuditHead]) {
        self.entries = entries
        self.heads = heads
    }
}
