public import LoketSync

/// A change the replica refused, kept with the reason so nothing is lost silently.
public struct QuarantinedChange: Sendable, Equatable {
    public let id: Int64
    /// Wall time of the refusal, in milliseconds.
    public let receivedAt: UInt64
    /// A short code: `clock-drift`, `unknown-collection`, `kind-mismatch`, `malformed`,
    /// `out-of-range`.
    public let reasonCode: String
    /// The reason in words.
    public let reason: String
    public let change: Change

    /// The entry as JSON, for people and tools.
    public var json: FieldValue {
        .object([
            "id": .int(id), "received_at_ms": .int(Int64(clamping: receivedAt)), "reason_code": .string(reasonCode),
            "reason": .string(reason), "change": change.json,
        ])
    }
}
