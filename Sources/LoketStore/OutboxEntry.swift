public import LoketSync

/// One local write transaction waiting to be acknowledged by the hub.
public struct OutboxEntry: Sendable, Equatable {
    /// The local sequence number; acknowledging it trims it and everything before.
    public let sequence: Int64
    /// The time of the transaction's last change.
    public let time: HybridTime
    /// The transaction's changes, as a binary changeset.
    public let payload: [UInt8]
    /// How many changes the payload holds.
    public let changeCount: Int
}
