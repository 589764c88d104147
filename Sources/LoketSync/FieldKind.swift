/// How a field merges: the CRDT behind it.
public enum FieldKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Last-writer-wins register, ordered by (hybrid time, replica id).
    case register
    /// PN-counter: one increment and one decrement total per replica.
    case counter
    /// Add-wins observed-remove set.
    case set
}
