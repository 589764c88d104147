import LoketSync

/// Gathers log changes per record, so folding reads and writes each record once.
struct RecordFolder {
    struct Key: Hashable {
        var collection: String
        var record: String
    }

    private(set) var records: [Key: [Change]] = [:]

    /// Applies the gathered changes to `states` and answers the records alive after, in
    /// (collection, record) order.
    static func fold(_ states: [Key: RecordState], _ folder: RecordFolder) -> [(
        collection: String, record: String, state: RecordState
    )] {
        var states = states
        for (key, changes) in folder.records {
            var state = states[key] ?? RecordState()
            for change in changes { state.apply(change) }
            states[key] = state
        }
        return states.filter { $0.value.isAlive }
            .sorted { ($0.key.collection, $0.key.record) < ($1.key.collection, $1.key.record) }
            .map { (collection: $0.key.collection, record: $0.key.record, state: $0.value) }
    }

    mutating func add(_ changes: [Change]) {
        for change in changes {
            records[Key(collection: change.collection, record: change.recordID), default: []].append(change)
        }
    }
}
