public import LoketSync

/// The changes of one push in one scope, in the push's order: what the origin signs
/// (``OriginSegment``), and where each came from in the batch.
public struct PushSegment: Sendable, Equatable {
    public var scope: String
    /// Every change of the batch in `scope`, in entry order and, within an entry, in order.
    public var changes: [Change]
    /// Where `changes[i]` stands in the batch: its entry's sequence and its index there.
    public var positions: [Position]
    /// The segment's bytes, as signed (``OriginSegment/body(of:)``).
    public var body: [UInt8]

    public struct Position: Sendable, Hashable {
        public var sequence: Int64
        public var index: Int

        public init(sequence: Int64, index: Int) {
            self.sequence = sequence
            self.index = index
        }
    }

    /// The batch's segments, one per scope in the order the scopes first appear.
    public static func segments(of entries: [OutboxBatch.Entry]) -> [PushSegment] {
        var order: [String] = []
        var groups: [String: (changes: [Change], positions: [Position])] = [:]
        for entry in entries {
            for (index, change) in entry.changeset.changes.enumerated() {
                if groups[change.scope] == nil {
                    order.append(change.scope)
                    groups[change.scope] = ([], [])
                }
                groups[change.scope]!.changes.append(change)
                groups[change.scope]!.positions.append(Position(sequence: entry.sequence, index: index))
            }
        }
        return order.map { scope in
            let group = groups[scope]!
            return PushSegment(
                scope: scope, changes: group.changes, positions: group.positions,
                body: OriginSegment.body(of: group.changes))
        }
    }
}
