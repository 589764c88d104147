import LoketSync

extension WriteTransaction {
    /// Appends an entry to this replica's audit chain, in this transaction: the action and
    /// its entry are written together or not at all. The chain is the replica's id; the
    /// entry follows the chain's last one, read inside the transaction.
    ///
    /// - Parameter scope: the record's scope; a terminal writes its own (`terminal:<name>`).
    @discardableResult
    public mutating func appendAudit(
        actor: String, action: String, target: String, place: String, detail: String = "", scope: String,
        at now: Int64
    ) throws -> AuditEntry {
        let chain = replica.rawValue
        let last = try read { db in try AuditRows.last(chain: chain, in: db) }
        let entry = AuditEntry(
            after: last, chain: chain, at: now, actor: actor, action: action, target: target, place: place,
            detail: detail)
        try put("audit", id: entry.recordID, scope: scope, RecordUpdate(set: entry.fields))
        return entry
    }
}
