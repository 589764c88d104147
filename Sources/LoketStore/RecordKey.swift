/// A record's address: collection and id.
struct RecordKey: Hashable, Sendable {
    var collection: String
    var record: String
}
