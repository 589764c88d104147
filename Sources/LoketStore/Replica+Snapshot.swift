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
                func forget(_ collection: String, _ record: String, scope: String) -> Bool {
                    let key = collection + "/" + record
                    return scopeList.contains(scope) && !kept.contains(key) && !pending.contains(key)
                }
                for name in schema.collectionNames {
                    let table = CollectionTables.quote(name)
                    for row in try Row.fetchAll(db, sql: "SELECT id, scope FROM \(table)")
                    where forget(name, row[0], scope: row[1]) {
                        try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [row[0] as String])
                        forgotten += 1
                    }
                }
                for row in try Row.fetchAll(db, sql: "SELECT collection, record, state FROM loket_tombstones") {
                    let state = try CollectionTables.decode([UInt8](row[2] as Data), row[0], row[1])
                    guard forget(row[0], row[1], scope: state.scope) else { continue }
                    try db.execute(
                        sql: "DELETE FROM loket_tombstones WHERE collection = ? AND record = ?",
                        arguments: [row[0] as String, row[1] as String])
                    forgotten += 1
                }
                try Self.write(settings, in: db)
                return forgotten
            }
        }
    }
}
