/// What one ``Change`` does to its record.
public enum ChangeOperation: Sendable, Hashable {
    /// The record's causal length becomes the change's `causalLength` (odd: created or
    /// re-created; even: deleted).
    case existence
    /// A last-writer-wins register write.
    case register(field: String, value: FieldValue)
    /// The totals of the slot of the change's origin replica in a PN-counter. The slot
    /// belongs to the replica that made the change (`timestamp.replica`).
    case counter(field: String, increments: UInt64, decrements: UInt64)
    /// An add to an add-wins set, tagged with the change's own timestamp.
    case add(field: String, element: FieldValue)
    /// The remove of one observed add (`tag`) of `element`.
    case remove(field: String, element: FieldValue, tag: HybridTimestamp)

    /// The field the operation touches, or `nil` for ``existence``.
    public var field: String? {
        switch self {
        case .existence: nil
        case .register(let field, _), .counter(let field, _, _), .add(let field, _), .remove(let field, _, _): field
        }
    }

    /// The field kind the operation needs, or `nil` for ``existence``.
    public var fieldKind: FieldKind? {
        switch self {
        case .existence: nil
        case .register: .register
        case .counter: .counter
        case .add, .remove: .set
        }
    }
}
