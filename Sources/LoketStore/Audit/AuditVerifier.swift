/// Checks audit entries chain by chain: every entry's hash, the links between entries,
/// sequence numbers without gaps from 1, each entry under its own record id, and — where
/// a head is known for a chain — that the chain reaches it.
///
/// Any changed, removed or reordered entry shows: a change breaks the entry's hash (or, if
/// the hash was made again, the next entry's link); a removal leaves a gap or, at the end,
/// falls short of the known head; a reorder breaks sequence and links.
public enum AuditVerifier {
    /// - Parameters:
    ///   - records: the `audit` records as (record id, entry), or the error reading one.
    ///   - heads: the last entry known per chain, from a second witness (the hub).
    public static func verify(
        _ records: [(id: String, entry: Result<AuditEntry, AuditReadError>)], heads: [AuditHead] = []
    ) -> AuditReport {
        var problems: [AuditProblem] = []
        var byChain: [String: [AuditEntry]] = [:]
        for record in records {
            switch record.entry {
            case .failure(let error):
                let chain = record.id.split(separator: "/").dropLast().joined(separator: "/")
                problems.append(.init(kind: .unreadable, chain: chain, sequence: 0, message: error.description))
            case .success(let entry):
                if record.id != entry.recordID {
                    problems.append(
                        .init(
                            kind: .misplaced, chain: entry.chain, sequence: entry.sequence,
                            message: "the entry is stored as \(record.id), but its own id is \(entry.recordID)"))
                }
                byChain[entry.chain, default: []].append(entry)
            }
        }
        var chains: [AuditHead] = []
        for (chain, unsorted) in byChain.sorted(by: { $0.key < $1.key }) {
            let entries = unsorted.sorted { $0.sequence < $1.sequence }
            var expected: Int64 = 1
            var previous: AuditEntry?
            for entry in entries {
                if entry.hash != entry.computedHash {
                    problems.append(
                        .init(
                            kind: .changed, chain: chain, sequence: entry.sequence,
                            message: "its fields do not give its hash: it was changed after it was written"))
                }
                if entry.sequence != expected {
                    problems.append(
                        .init(
                            kind: .missing, chain: chain, sequence: expected,
                            message: entry.sequence > expected
                                ? "entries \(expected)–\(entry.sequence - 1) are missing"
                                : "entry \(entry.sequence) appears more than once"))
                }
                let link = previous?.hash ?? ""
                let linked = previous.map { $0.sequence == entry.sequence - 1 } ?? (entry.sequence == 1)
                if linked, entry.previous != link {
                    problems.append(
                        .init(
                            kind: .brokenLink, chain: chain, sequence: entry.sequence,
                            message: entry.sequence == 1
                                ? "the first entry names a previous one"
                                : "it does not carry the hash of entry \(entry.sequence - 1)"))
                }
                expected = entry.sequence + 1
                previous = entry
            }
            if let last = entries.last {
                chains.append(AuditHead(chain: chain, sequence: last.sequence, hash: last.hash))
            }
        }
        for head in heads {
            let entries = byChain[head.chain] ?? []
            let last = entries.map(\.sequence).max() ?? 0
            if last < head.sequence {
                problems.append(
                    .init(
                        kind: .truncated, chain: head.chain, sequence: last + 1,
                        message: "the chain ends at entry \(last), but entry \(head.sequence) was seen before"))
            } else if let entry = entries.first(where: { $0.sequence == head.sequence }), entry.hash != head.hash {
                problems.append(
                    .init(
                        kind: .changed, chain: head.chain, sequence: head.sequence,
                        message: "its hash differs from the one seen before"))
            }
        }
        return AuditReport(chains: chains, entries: records.count, problems: problems)
    }
}
