import Foundation

/// A hub restored from a backup (docs/OPERATIONS.md, "Backup and restore"). The log has an
/// identity, its *epoch*, sent with every pull and snapshot answer; `loket hub restored`
/// gives the restored log a new one. A terminal that sees the epoch change sends its own
/// changes again and pulls from the start, so the hub and the fleet converge on everything
/// any terminal still holds. The hub's own audit chain starts a new generation, so its
/// entries never reuse the numbers of entries lost with the newer state.
extension Hub {
    static let logEpochDocument = "log-epoch"
    static let auditChainDocument = "audit-chain"

    /// The log's epoch, made on first use.
    public func logEpoch() async throws -> String {
        for _ in 0..<4 {
            if let body = try await store.document(named: Self.logEpochDocument) {
                return String(decoding: body, as: UTF8.self)
            }
            _ = try await store.replaceDocument(
                named: Self.logEpochDocument, with: Array(Self.newEpoch().utf8), expected: nil)
        }
        throw HubError.conflict("busy", "the log's epoch could not be read; retry")
    }

    /// Marks the store as restored from a backup: a new log epoch, a new generation of the
    /// hub's audit chain (recorded in it). Run once after every restore, before serving.
    @discardableResult
    public func markRestored(actor: String) async throws -> String {
        let epoch = Self.newEpoch()
        let previous = try await store.document(named: Self.logEpochDocument)
        guard
            try await store.replaceDocument(
                named: Self.logEpochDocument, with: Array(epoch.utf8), expected: previous)
        else { throw HubError.conflict("busy", "the log's epoch changed meanwhile; run it again") }
        let chain = Self.hubReplica + "~" + epoch.prefix(8)
        let current = try await store.document(named: Self.auditChainDocument)
        _ = try await store.replaceDocument(named: Self.auditChainDocument, with: Array(chain.utf8), expected: current)
        try await recordAudit(
            actor: actor, action: "hub.restored", target: "log",
            detail:
                "epoch \(epoch.prefix(8)); previous \(previous.map { String(decoding: $0, as: UTF8.self).prefix(8) } ?? "none")"
        )
        return epoch
    }

    /// The hub's audit chain: `loket:hub`, or its generation after a restore.
    func auditChain() async throws -> String {
        try await store.document(named: Self.auditChainDocument).map { String(decoding: $0, as: UTF8.self) }
            ?? Self.hubReplica
    }

    static func newEpoch() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
