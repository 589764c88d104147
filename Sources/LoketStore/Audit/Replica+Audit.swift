extension Replica {
    /// Every `audit` record this replica holds, read back as entries, in id order.
    public func auditRecords() throws -> [(id: String, entry: Result<AuditEntry, AuditReadError>)] {
        try read { db in try AuditRows.all(in: db) }
    }

    /// Verifies the audit chains this replica holds; see ``AuditVerifier``.
    public func verifyAudit(heads: [AuditHead] = []) throws -> AuditReport {
        AuditVerifier.verify(try auditRecords(), heads: heads)
    }
}
