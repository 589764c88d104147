import Foundation
import GRDB
import LoketSync

extension Replica {
    /// Finishes taking a snapshot: forgets the records in `scopes` that no snapshot page
    /// named (`kept`, as `collection/record`) — they were deleted and their tombstones
    /// collected while this replica was away — except records the outbox still changes,
    /// and writes `settings` (the new cursor) in the same transaction.
    ///
    /// Forgetting is local and leaves no outbox entry: the hub has already forgotten them.
    /// Returns how many records were forgotten.
    @discardableResult
    public func forgetRecords(inScopes scopes: [String], except kept: Set<String>, settings: [String: String?])
        throws -> Int
    {
        try translatingDatabaseErrors {
            try pool.write { db in
                var pending = Set<String>()
                for payload in try Data.fetchAll(db, sql: "SELECT payload FROM loket_outbox") {
                    guard let changeset = try? Changeset(binary: [UInt8](payload)) else { continue }
                    for change in changeset.changes { pending.insert(change.collection + "/" + change.recordID) }
                }
                var forgotten = 0
                let scopeList = Set(scopes)
                for row in try Row.fetchAll(db, sql: "SELECT collection, record, scope FROM loket_records") {
                    let collection: String = row[0]
                    let record: String = row[1]
                    let key = collection + "/" + record
                    guard scopeList.contains(row[2]), !kept.contains(key), !pending.contains(key) else { continue }
                    try db.execute(
                        sql: "DELETE FROM loket_records WHERE collection = ? AND record = ?",
                        arguments: [collection, record])
                    if schema[collection] != nil {
                        try db.execute(
                            sql: "DELETE FROM \(CollectionTables.quote(collection)) WHERE id = ?", arguments: [record])
                    }
                    forgotten += 1
                }
                try Self.write(settings, in: db)
                return forgotten
            }
        }
    }
}
