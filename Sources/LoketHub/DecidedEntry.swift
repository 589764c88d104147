public import LoketProtocol
public import LoketSync

/// One outbox entry of a push, after the hub decided change by change what it takes.
public struct DecidedEntry: Sendable {
    public var sequence: Int64
    /// The changes to store, in their order.
    public var accepted: [Change]
    /// The changes refused, with their index in the entry and the reason.
    public var refused: [Refusal]

    public init(sequence: Int64, accepted: [Change], refused: [Refusal]) {
        self.sequence = sequence
        self.accepted = accepted
        self.refused = refused
    }
}
