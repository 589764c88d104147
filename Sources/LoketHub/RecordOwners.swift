import LoketProtocol
import LoketSync

/// Which scope holds a record. A record keeps the scope its first stored change named;
/// a terminal's change to a record held in another scope — a field written or the record
/// deleted under the terminal's own scope, its id guessed or learnt — is refused
/// `foreign-record`, so no terminal can pull another scope's record into its own. Only
/// the hub itself moves a record (``HubStore/publish(_:origin:replacing:with:expected:)``).
///
/// Both stores keep the owners in `hub_owners` and use these rules the same way, inside
/// the transaction that appends the push to the log.
enum RecordOwners {
    struct Key: Hashable, Sendable {
        var collection: String
        var record: String
    }

    /// The records `changes` touch, each once with the scope its first change names, in
    /// first-seen order.
    static func firstScopes<S: Sequence<Change>>(of changes: S) -> [(key: Key, scope: String)] {
        var seen = Set<Key>()
        var result: [(key: Key, scope: String)] = []
        for change in changes {
            let key = Key(collection: change.collection, record: change.recordID)
            if seen.insert(key).inserted { result.append((key, change.scope)) }
        }
        return result
    }

    /// The records the accepted changes of `entries` touch, with the scope each would be
    /// held in if no scope holds it yet.
    static func claims(_ entries: [DecidedEntry]) -> [(key: Key, scope: String)] {
        firstScopes(of: entries.lazy.flatMap(\.accepted))
    }

    /// Collections whose records are written once: an audit entry, once stored, never
    /// changes, from any writer.
    static let appendOnly: Set<String> = ["audit"]

    /// `entries` with every accepted change to a record that `owners` gives another scope
    /// moved to the refusals. `owners` holds every record of ``claims(_:)``: the stored
    /// owner, or the claim for a record stored nowhere yet; `stored` names the records the
    /// hub held before this push. A record of an append-only collection is written by one
    /// outbox entry, never again.
    static func enforce(_ entries: [DecidedEntry], owners: [Key: String], stored: Set<Key>) -> [DecidedEntry] {
        var writtenBy: [Key: Int64] = [:]
        return entries.map { entry in
            var decided = DecidedEntry(sequence: entry.sequence, accepted: [], acceptedIndices: [], refused: [])
            var refused: [Refusal] = []
            for (change, index) in zip(entry.accepted, entry.acceptedIndices) {
                let key = Key(collection: change.collection, record: change.recordID)
                let owner = owners[key]
                if appendOnly.contains(change.collection),
                    stored.contains(key) || writtenBy[key, default: entry.sequence] != entry.sequence
                {
                    refused.append(
                        Refusal(
                            sequence: entry.sequence, index: index, code: "audit-append-only",
                            reason: "\(change.collection)/\(change.recordID) is written already: an entry never changes"
                        ))
                } else if let owner, owner != change.scope {
                    // The reason does not name the holding scope: a terminal learns only
                    // that the id is taken.
                    refused.append(
                        Refusal(
                            sequence: entry.sequence, index: index, code: "foreign-record",
                            reason:
                                "\(change.collection)/\(change.recordID) is held in another scope than \(change.scope); a record stays in the scope it was created in"
                        ))
                } else {
                    if appendOnly.contains(change.collection) { writtenBy[key] = entry.sequence }
                    decided.accepted.append(change)
                    decided.acceptedIndices.append(index)
                }
            }
            decided.refused = (entry.refused + refused).sorted { $0.index < $1.index }
            return decided
        }
    }
}
