import LoketSync

/// The changes of one push in one scope, in the push's order: their bytes as the origin's
/// manifest lists them (``PushManifest``), and where each came from in the batch.
public struct PushSegment: Sendable, Equatable {
    public var scope: String
    /// Where the segment's `i`-th change stands in the batch: its entry's sequence and its
    /// index there (entry order and, within an entry, in order).
    public var positions: [Position]
    /// The segment's bytes: every change of the batch in `scope` (``OriginSegment/body(of:)``).
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
        // A push has few scopes: a linear search, and none while the scope stays the same.
        var scopes: [String] = []
        var groups: [(changes: [Change], positions: [Position])] = []
        var current = -1
        for entry in entries {
            for (index, change) in entry.changeset.changes.enumerated() {
                if current < 0 || scopes[current] != change.scope {
                    if let found = scopes.firstIndex(of: change.scope) {
                        current = found
                    } else {
                        scopes.append(change.scope)
                        groups.append(([], []))
                        current = scopes.count - 1
                    }
                }
                groups[current].changes.append(change)
                groups[current].positions.append(Position(sequence: entry.sequence, index: index))
            }
        }
        return zip(scopes, groups).map { scope, group in
            PushSegment(scope: scope, positions: group.positions, body: OriginSegment.body(of: group.changes))
        }
    }
}
