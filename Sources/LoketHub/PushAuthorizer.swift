import LoketProtocol
import LoketSync

/// Decides, change by change, what a terminal may push: its own changes, well formed, in
/// its scopes, into collections it may write, with a time within the drift bound.
struct PushAuthorizer {
    let terminal: TerminalRecord
    let nowMilliseconds: Int64
    let maximumDriftMilliseconds: Int64

    func decide(_ entry: OutboxBatch.Entry) -> DecidedEntry {
        var accepted: [Change] = []
        var acceptedIndices: [Int] = []
        var refused: [Refusal] = []
        let scopes = Set(terminal.scopes)
        let collections = Set(terminal.collections)
        for (index, change) in entry.changeset.changes.enumerated() {
            if let (code, reason) = refusal(of: change, scopes: scopes, collections: collections) {
                refused.append(Refusal(sequence: entry.sequence, index: index, code: code, reason: reason))
            } else {
                accepted.append(change)
                acceptedIndices.append(index)
            }
        }
        return DecidedEntry(
            sequence: entry.sequence, accepted: accepted, acceptedIndices: acceptedIndices, refused: refused)
    }

    func refusal(of change: Change, scopes: Set<String>, collections: Set<String>) -> (String, String)? {
        var subject: String { "\(change.collection)/\(change.recordID)" }
        guard change.origin.rawValue == terminal.replicaID else {
            return (
                "foreign-origin",
                "\(subject): the change was made by replica \(change.origin), but terminal \(terminal.name) is replica \(terminal.replicaID)"
            )
        }
        do { try change.validate() } catch { return ("malformed", "\(subject): \(error)") }
        if change.collection == "audit" {
            // Every terminal keeps an audit chain, whatever collections its enrolment lists
            // (one enrolled before the audit log existed too): in its own scope, enrolled
            // there or not, or in one of its scopes (a desk's, in its branch).
            let own = "terminal:\(terminal.name)"
            guard change.scope == own || scopes.contains(change.scope) else {
                return (
                    "outside-scope",
                    "\(subject) is in scope \(change.scope); terminal \(terminal.name) writes audit entries in \(own) or its scopes"
                )
            }
        } else if Hub.terminalOwnCollections.contains(change.collection) {
            // Every terminal reports on profiles and on the minutes it spent, in its own
            // terminal scope, whatever its enrolment lists: rollouts and quotas depend on it.
            let own = "terminal:\(terminal.name)"
            guard change.scope == own else {
                return (
                    "outside-scope",
                    "\(subject): a terminal writes \(change.collection) in its own scope \(own), not \(change.scope)"
                )
            }
        } else {
            guard scopes.contains(change.scope) else {
                return (
                    "outside-scope",
                    "\(subject) is in scope \(change.scope); terminal \(terminal.name) writes only \(terminal.scopes.joined(separator: ", "))"
                )
            }
            guard !Hub.hubOwnedCollections.contains(change.collection) else {
                return ("hub-owned-collection", "\(subject): only the hub writes collection \(change.collection)")
            }
            guard collections.contains(change.collection) else {
                return (
                    "collection-not-writable",
                    "terminal \(terminal.name) may not write collection \(change.collection)"
                )
            }
        }
        if change.collection == "audit", let refusal = auditRefusal(of: change, subject: subject) { return refusal }
        let ahead = Int64(clamping: change.timestamp.time.milliseconds) - nowMilliseconds
        if ahead > maximumDriftMilliseconds {
            return (
                "clock-drift",
                "\(subject): the change is \(ahead / 1000) s ahead of the hub's clock (at most \(maximumDriftMilliseconds / 1000) s allowed); set the terminal's clock right"
            )
        }
        return nil
    }

    /// The audit log is append-only: a terminal writes entries of its own chain (record ids
    /// `<its replica id>/…`, field `chain` its replica id) and never deletes one.
    func auditRefusal(of change: Change, subject: String) -> (String, String)? {
        guard change.recordID.hasPrefix(terminal.replicaID + "/") else {
            return (
                "audit-foreign-chain",
                "\(subject): terminal \(terminal.name) appends to its own audit chain \(terminal.replicaID) only"
            )
        }
        guard change.causalLength == 1 else {
            return ("audit-append-only", "\(subject): audit entries are never deleted")
        }
        if case .register("chain", let value) = change.operation, value != .string(terminal.replicaID) {
            return ("audit-foreign-chain", "\(subject): the entry names another chain than \(terminal.replicaID)")
        }
        return nil
    }
}
