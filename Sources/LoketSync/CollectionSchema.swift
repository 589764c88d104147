/// The declaration of one collection: its name and its fields with their kinds.
///
/// Names are 1–63 characters of `a–z 0–9 _`, starting with a letter. A collection name
/// may not start with `loket_` or `sqlite_` (the store's own tables); `id` and `scope`
/// are not field names (every record has them).
public struct CollectionSchema: Sendable, Hashable {
    public let name: String
    public let fields: [String: FieldKind]

    public init(name: String, fields: [String: FieldKind]) throws(InvalidIdentifierError) {
        try Self.validateName(name, kind: "collection name")
        if name.hasPrefix("loket_") || name.hasPrefix("sqlite_") {
            throw InvalidIdentifierError(
                kind: "collection name", value: name, rule: "not starting with loket_ or sqlite_")
        }
        for field in fields.keys {
            try Self.validateName(field, kind: "field name in collection \(name)")
            if field == "id" || field == "scope" {
                throw InvalidIdentifierError(
                    kind: "field name in collection \(name)", value: field,
                    rule: "other than id and scope (every record has them)")
            }
        }
        self.name = name
        self.fields = fields
    }

    /// The field names in a stable order (sorted).
    public var fieldNames: [String] { fields.keys.sorted() }

    /// Whether `name` is a valid collection or field name.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return false
        }
        return bytes.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: "_")
        }
    }

    static func validateName(_ name: String, kind: String) throws(InvalidIdentifierError) {
        guard isValidName(name) else {
            throw InvalidIdentifierError(
                kind: kind, value: name, rule: "1–63 characters of a–z 0–9 _, starting with a letter")
        }
    }
}
