import GRDB
import LoketSync

extension FieldValue {
    /// How the value appears in a collection's table: the native SQLite type for scalars
    /// (booleans as 0/1), canonical JSON text for arrays and objects.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .bool(let b): return (b ? 1 : 0).databaseValue
        case .int(let i): return i.databaseValue
        case .double(let d): return d.databaseValue
        case .string(let s): return s.databaseValue
        case .array, .object: return canonicalJSON.databaseValue
        }
    }

    /// Reads canonical JSON the store wrote itself.
    init(storedJSON text: String) throws(StoreError) {
        do { self = try FieldValue(json: text) } catch {
            throw StoreError(.notAReplica, "stored value is not valid JSON (\(error)); the database is damaged")
        }
    }
}
