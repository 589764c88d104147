public import LoketSync

/// What one write does to a record's fields.
///
/// Within one update, removes are applied before adds, so removing and adding the same
/// element leaves it present.
public struct RecordUpdate: Sendable, Equatable {
    /// Register fields to set.
    public var set: [String: FieldValue]
    /// Counter fields to change (negative to subtract).
    public var increment: [String: Int64]
    /// Elements to add to set fields.
    public var add: [String: [FieldValue]]
    /// Elements to remove from set fields (every add seen so far).
    public var remove: [String: [FieldValue]]

    public init(
        set: [String: FieldValue] = [:], increment: [String: Int64] = [:], add: [String: [FieldValue]] = [:],
        remove: [String: [FieldValue]] = [:]
    ) {
        self.set = set
        self.increment = increment
        self.add = add
        self.remove = remove
    }
}
