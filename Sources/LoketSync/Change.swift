/// One change to one record, as it travels between replicas.
///
/// Every change names its collection, record and scope, the record's causal length at
/// the time of the change (the record's *generation*: a field written before a delete
/// never comes back after a re-create), and the hybrid timestamp of the write, whose
/// replica is the change's origin.
public struct Change: Sendable, Hashable {
    /// The collection the record belongs to.
    public var collection: String
    /// The record's id within the collection.
    public var recordID: String
    /// Who may see and write the record: `fleet`, `branch:<id>` or `terminal:<id>`.
    public var scope: String
    /// The record's causal length when the change was made. Odd for field changes.
    public var causalLength: UInt64
    /// When, and by which replica, the change was made.
    public var timestamp: HybridTimestamp
    /// What the change does.
    public var operation: ChangeOperation

    public init(
        collection: String, recordID: String, scope: String, causalLength: UInt64,
        timestamp: HybridTimestamp, operation: ChangeOperation
    ) {
        self.collection = collection
        self.recordID = recordID
        self.scope = scope
        self.causalLength = causalLength
        self.timestamp = timestamp
        self.operation = operation
    }

    /// The replica that made the change.
    public var origin: ReplicaID { timestamp.replica }

    /// Checks what a well-formed change must hold, whoever sent it: a causal length of
    /// 1…2^63 − 1, odd for field changes, and a remove's tag older than the remove.
    public func validate() throws(ChangeValidationError) {
        guard causalLength >= 1, causalLength <= UInt64(Int64.max) else {
            throw ChangeValidationError("causal length must be 1…2^63 - 1, got \(causalLength)")
        }
        switch operation {
        case .existence: break
        case .register, .counter, .add:
            guard causalLength % 2 == 1 else {
                throw ChangeValidationError("a field change needs an odd (live) causal length, got \(causalLength)")
            }
        case .remove(_, _, let tag):
            guard causalLength % 2 == 1 else {
                throw ChangeValidationError("a field change needs an odd (live) causal length, got \(causalLength)")
            }
            guard tag < timestamp else { throw ChangeValidationError("a remove must be later than the add it removes") }
        }
    }
}
