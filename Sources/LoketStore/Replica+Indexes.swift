import GRDB
import LoketSync

extension Replica {
    /// Makes an index on a collection's table unless it is there: for the queries a library
    /// runs often (a device's loans, the overdue list). Indexes are local — nothing of them
    /// syncs — and named `<collection>_by_<columns>`.
    public func ensureIndex(on collection: String, columns: [String]) throws {
        guard let declared = schema[collection] else {
            throw StoreError(.unknownCollection, "no collection \(collection) to index in \(path)")
        }
        for column in columns where declared.fields[column] == nil && column != "scope" {
            throw StoreError(.unknownField, "collection \(collection) has no field \(column) to index")
        }
        guard !columns.isEmpty else { throw StoreError(.unknownField, "an index on \(collection) needs a field") }
        let name = "\(collection)_by_\(columns.joined(separator: "_"))"
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try translatingDatabaseErrors {
            try pool.write { db in
                try db.execute(sql: "CREATE INDEX IF NOT EXISTS \"\(name)\" ON \"\(collection)\" (\(list))")
            }
        }
    }
}
