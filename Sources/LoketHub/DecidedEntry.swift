public import LoketProtocol
public import LoketSync

/// One outbox entry of a push, after the hub decided change by change what it takes.
public struct DecidedEntry: Sendable {
    public var sequence: Int64
    /// The changes to store, in their order.
    public var accepted: [Change]
    /// Where each accepted change stands in the entry (`acceptedIndices[i]` for `accepted[i]`).
    public var acceptedIndices: [Int]
    /// The changes refused, with their index in the entry and the reason.
    public var refused: [Refusal]

    public init(sequence: Int64, accepted: [Change], acceptedIndices: [Int], refused: [Refusal]) {
        precondition(accepted.count == acceptedIndices.count, "one index per accepted change")
        self.sequence = sequence
        self.accepted = accepted
        self.acceptedIndices = acceptedIndices
        self.refused = refused
    }

    /// The entry with the changes `isRefused` names (by index in the entry) taken out of
    /// the accepted ones; their refusals are not added (the caller has them).
    func dropping(_ isRefused: (Int64, Int) -> Bool) -> DecidedEntry {
        var entry = DecidedEntry(sequence: sequence, accepted: [], acceptedIndices: [], refused: refused)
        for (change, index) in zip(accepted, acceptedIndices) where !isRefused(sequence, index) {
            entry.accepted.append(change)
            entry.acceptedIndices.append(index)
        }
        return entry
    }
}
