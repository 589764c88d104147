import Foundation
public import LoketStore
import LoketSync

/// The audit log at the hub (docs/SECURITY.md, "Audit log"): what admins do here goes into
/// the hub's own chain (`loket:hub`), published as `audit` records in scope `fleet`; what
/// staff do at desks arrives in the terminals' chains with their pushes. The hub keeps a
/// copy of every entry (document `audit/<record id>`) and the last entry of every chain it
/// has seen (`audit-head/<chain>`), so a chain cut short is found as well.
extension Hub {
    static let auditPrefix = "audit/"
    static let auditHeadPrefix = "audit-head/"

    /// Appends an entry to the hub's chain: compare-and-set on the chain's head, the record
    /// published in the same transaction, so hub processes sharing a store keep one chain.
    @discardableResult
    public func recordAudit(actor: String, action: String, target: String, detail: String = "") async throws
        -> AuditEntry
    {
        let chain = try await auditChain()
        let headName = Self.auditHeadPrefix + chain
        for _ in 0..<16 {
            let current = try await store.document(named: headName)
            let last = try current.map { try JSONDecoder().decode(AuditEntry.self, from: Data($0)) }
            // A process that stopped between the two writes left the copy of its entry out.
            if let last { try await keepAuditCopy(last) }
            let entry = AuditEntry(
                after: last, chain: chain, at: now, actor: actor, action: action, target: target, place: "hub",
                detail: detail)
            let changes = try Self.auditRecord(entry, scope: "fleet")
            if try await store.publish(
                changes, origin: Self.hubReplica, replacing: headName, with: try Self.encode(entry), expected: current)
            {
                try await keepAuditCopy(entry)
                return entry
            }
        }
        throw HubError.conflict("busy", "the audit log kept changing while an entry was written; retry")
    }

    /// Records an action, logging instead of failing when the store refuses: the action
    /// itself is done by then.
    func audit(_ principal: Principal, _ action: String, _ target: String, detail: String = "") async {
        do { try await recordAudit(actor: principal.header, action: action, target: target, detail: detail) } catch {
            logger.error(
                "an audit entry was not written", metadata: ["audit.action": "\(action)", "error": "\(error)"])
        }
    }

    /// Takes the audit entries of a push: keeps a copy of each and moves the chain's head.
    func takeAuditEntries(_ entries: [DecidedEntry]) async {
        var fields: [String: [String: FieldValue]] = [:]
        for entry in entries {
            for change in entry.accepted where change.collection == "audit" {
                if case .register(let field, let value) = change.operation {
                    fields[change.recordID, default: [:]][field] = value
                }
            }
        }
        for (id, values) in fields.sorted(by: { $0.key < $1.key }) {
            do {
                let entry = try AuditEntry(fields: values)
                guard entry.recordID == id else { continue }
                try await keepAuditCopy(entry)
                try await moveAuditHead(to: entry)
            } catch {
                logger.warning("an audit entry was not kept", metadata: ["audit.record": "\(id)", "error": "\(error)"])
            }
        }
    }

    /// The entries the hub holds, in record-id order (chain, then sequence), and the heads.
    public func auditLog() async throws -> (entries: [AuditEntry], heads: [AuditHead]) {
        let decoder = JSONDecoder()
        let entries = try await store.documents(prefix: Self.auditPrefix).map {
            try decoder.decode(AuditEntry.self, from: Data($0.body))
        }
        let heads = try await store.documents(prefix: Self.auditHeadPrefix).map {
            let last = try decoder.decode(AuditEntry.self, from: Data($0.body))
            return AuditHead(chain: last.chain, sequence: last.sequence, hash: last.hash)
        }
        return (entries, heads)
    }

    /// The audit log for `GET /v1/admin/audit`: everything for an admin; for staff, the
    /// chains of their branch's terminals and the entries made at their branch.
    public func auditLog(by principal: Principal) async throws -> AuditLogPage {
        let (entries, heads) = try await auditLog()
        switch principal.role {
        case .admin?:
            return AuditLogPage(entries: entries, heads: heads)
        case .staff?:
            // The whole chains of their branch's terminals (so they verify, heads and
            // all), and entries made at their branch by others.
            let place = "branch:\(principal.branch ?? "")"
            let chains = Set(
                try await store.terminals().filter { Self.branch(of: $0) == principal.branch }.map(\.replicaID))
            return AuditLogPage(
                entries: entries.filter { chains.contains($0.chain) || $0.place == place },
                heads: heads.filter { chains.contains($0.chain) })
        case nil:
            throw HubError.forbidden("people-only", "the audit log is for admins and staff, not terminals")
        }
    }

    func keepAuditCopy(_ entry: AuditEntry) async throws {
        let name = Self.auditPrefix + entry.recordID
        if try await store.document(named: name) != nil { return }
        // Another process may have written it in between: either way it is there.
        _ = try await store.replaceDocument(named: name, with: try Self.encode(entry), expected: nil)
    }

    func moveAuditHead(to entry: AuditEntry) async throws {
        let name = Self.auditHeadPrefix + entry.chain
        for _ in 0..<8 {
            let current = try await store.document(named: name)
            if let current, let head = try? JSONDecoder().decode(AuditEntry.self, from: Data(current)),
                head.sequence >= entry.sequence
            {
                return
            }
            if try await store.replaceDocument(named: name, with: try Self.encode(entry), expected: current) { return }
        }
    }

    static func encode(_ entry: AuditEntry) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(entry))
    }

    /// The changes that create the entry's record.
    static func auditRecord(_ entry: AuditEntry, scope: String) throws -> [Change] {
        guard let time = HybridTime(packed: entry.at << 16) else {
            throw HubError(status: 500, code: "clock", "the hub's clock is out of range")
        }
        let stamp = HybridTimestamp(time: time, replica: try! ReplicaID(hubReplica))
        return [
            Change(
                collection: "audit", recordID: entry.recordID, scope: scope, causalLength: 1, timestamp: stamp,
                operation: .existence)
        ]
            + entry.fields.sorted(by: { $0.key < $1.key }).map {
                Change(
                    collection: "audit", recordID: entry.recordID, scope: scope, causalLength: 1, timestamp: stamp,
                    operation: .register(field: $0.key, value: $0.value))
            }
    }
}
