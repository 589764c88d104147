import LoketSync

/// Gathers log changes per record, so folding reads and writes each record once.
struct RecordFolder {
    struct Key: Hashable {
        var collection: String
        var record: String
    }

    private(set) var records: [Key: [Change]] = [:]

    mutating func add(_ changes: [Change]) {
        for change in changes {
            records[Key(collection: change.collection, record: change.recordID), default: []].append(change)
        }
    }
}
