/// A whole replica's CRDT state in memory: the reference model of a merge.
///
/// `merge(_:)` of changesets is idempotent (merging a changeset twice equals merging it
/// once), commutative (two changesets in either order give the same state) and
/// associative (grouping does not matter), because each change is applied as a join on
/// its record (``RecordState``). The tests prove these laws on random changesets, and
/// the store is checked against this model.
public struct ReplicaState: Sendable, Hashable {
    /// A record's address.
    public struct Key: Sendable, Hashable, Comparable {
        public var collection: String
        public var recordID: String

        public init(collection: String, recordID: String) {
            self.collection = collection
            self.recordID = recordID
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.collection != rhs.collection {
                return lhs.collection.utf8.lexicographicallyPrecedes(rhs.collection.utf8)
            }
            return lhs.recordID.utf8.lexicographicallyPrecedes(rhs.recordID.utf8)
        }
    }

    public private(set) var records: [Key: RecordState] = [:]

    public init() {}

    /// Joins one change; returns whether the state changed. Invalid changes are ignored
    /// and reported as no change.
    @discardableResult
    public mutating func apply(_ change: Change) -> Bool {
        guard (try? change.validate()) != nil else { return false }
        return records[Key(collection: change.collection, recordID: change.recordID), default: RecordState()].apply(
            change)
    }

    /// Joins every change of a changeset.
    public mutating func merge(_ changeset: Changeset) {
        for change in changeset.changes { apply(change) }
    }

    /// Every live record of the collections in `schema`, as the store's dump prints it:
    /// `{collection: [record, …]}` with records sorted by id.
    public func dump(schema: Schema) -> FieldValue {
        var out: [String: FieldValue] = [:]
        for name in schema.collectionNames {
            let collection = schema[name]!
            let live = records.filter { $0.key.collection == name && $0.value.isAlive }.sorted { $0.key < $1.key }
            out[name] = .array(live.map { $0.value.visible(id: $0.key.recordID, collection: collection) })
        }
        return .object(out)
    }
}
