import Foundation
import GRDB
public import LoketSync

extension Replica {
    /// One live record as JSON: `id`, `scope` and every declared field; `nil` when the
    /// record does not exist.
    public func record(_ collection: String, id recordID: String) throws -> FieldValue? {
        let recordID = recordID.nfc
        guard let table = schema[collection] else {
            throw StoreError(.unknownCollection, "unknown collection \"\(collection)\"")
        }
        return try translatingDatabaseErrors {
            try pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT \(CollectionTables.stateSelection(table)) FROM \(CollectionTables.quote(collection))
                            WHERE id = ?
                            """,
                        arguments: [recordID])
                else { return nil }
                return try CollectionTables.decode(
                    row, at: 0, collection, recordID, registers: CollectionTables.registerFields(table)
                ).visible(id: recordID, collection: table)
            }
        }
    }

    /// Every live record of every collection: `{collection: [record, …]}`, records sorted
    /// by id. Printed as canonical JSON, two converged replicas give identical bytes.
    public func dump() throws -> FieldValue {
        var out: [String: FieldValue] = [:]
        try forEachRecord { collection, record in
            if case .array(var list)? = out[collection] {
                out[collection] = nil  // keep the array uniquely referenced
                list.append(record)
                out[collection] = .array(list)
            } else {
                out[collection] = .array([record])
            }
        }
        for name in schema.collectionNames where out[name] == nil { out[name] = .array([]) }
        return .object(out)
    }

    /// A 64-bit FNV-1a digest of ``dump()``'s canonical JSON records, computed without
    /// holding the dump in memory: equal digests mean (almost surely) equal dumps.
    public func dumpDigest() throws -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        try forEachRecord { collection, record in
            for byte in collection.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            for byte in record.canonicalJSON.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        return hash
    }

    /// Every live record of the declared collections, by collection then id (byte order).
    func forEachRecord(_ body: (String, FieldValue) throws -> Void) throws {
        try translatingDatabaseErrors {
            try pool.read { db in
                for name in schema.collectionNames {
                    let collection = schema[name]!
                    let registers = CollectionTables.registerFields(collection)
                    let rows = try Row.fetchCursor(
                        db,
                        sql: """
                            SELECT id, \(CollectionTables.stateSelection(collection))
                            FROM \(CollectionTables.quote(name)) ORDER BY id
                            """
                    )
                    while let row = try rows.next() {
                        let id: String = row[0]
                        try body(
                            name,
                            try CollectionTables.decode(row, at: 1, name, id, registers: registers).visible(
                                id: id, collection: collection))
                    }
                }
            }
        }
    }
}
