/// The collections a replica knows, each with its fields.
///
/// Built-in collections are declared in Swift (``builtIn``); the command-line tool can add
/// more from a JSON file:
///
/// ```json
/// { "collections": { "notes": { "fields": { "text": "register", "likes": "counter", "tags": "set" } } } }
/// ```
public struct Schema: Sendable, Hashable {
    public private(set) var collections: [String: CollectionSchema]

    public init(_ collections: [CollectionSchema] = []) {
        var map: [String: CollectionSchema] = [:]
        for collection in collections { map[collection.name] = collection }
        self.collections = map
    }

    public subscript(collection: String) -> CollectionSchema? { collections[collection] }

    /// The kind of `field` in `collection`, if both are declared.
    public func kind(of field: String, in collection: String) -> FieldKind? { collections[collection]?.fields[field] }

    /// The collection names, sorted.
    public var collectionNames: [String] { collections.keys.sorted() }

    /// This schema with `other`'s collections and fields added.
    ///
    /// Adding fields and collections is always allowed; a field declared in both with
    /// different kinds is an error, since its stored data could not be read as the new kind.
    public func adding(_ other: Schema) throws(SchemaError) -> Schema {
        var result = self
        for (name, collection) in other.collections {
            guard let existing = result.collections[name] else {
                result.collections[name] = collection
                continue
            }
            var fields = existing.fields
            for (field, kind) in collection.fields {
                if let old = fields[field], old != kind {
                    throw SchemaError(
                        "field \(name).\(field) is a \(old) and cannot become a \(kind); "
                            + "declare a new field instead")
                }
                fields[field] = kind
            }
            // Safe: both parts were validated.
            result.collections[name] = try! CollectionSchema(name: name, fields: fields)
        }
        return result
    }

    /// Reads a schema from its JSON form (see the type's documentation).
    public init(json text: String) throws(SchemaError) {
        let document: FieldValue
        do { document = try FieldValue(json: text) } catch { throw SchemaError("\(error)") }
        guard case .object(let top) = document, case .object(let collections)? = top["collections"] else {
            throw SchemaError("expected an object with a \"collections\" object at the top")
        }
        if let extra = top.keys.first(where: { $0 != "collections" }) {
            throw SchemaError("unknown key \"\(extra)\" at the top; only \"collections\" is allowed")
        }
        var result: [CollectionSchema] = []
        for (name, body) in collections.sorted(by: { $0.key < $1.key }) {
            guard case .object(let members) = body, case .object(let fieldsJSON)? = members["fields"],
                members.count == 1
            else {
                throw SchemaError("collections.\(name): expected {\"fields\": {\"name\": \"register|counter|set\", …}}")
            }
            var fields: [String: FieldKind] = [:]
            for (field, kindJSON) in fieldsJSON {
                guard case .string(let kindText) = kindJSON, let kind = FieldKind(rawValue: kindText) else {
                    throw SchemaError(
                        "collections.\(name).fields.\(field): kind must be \"register\", \"counter\" or \"set\", got \(kindJSON.canonicalJSON)"
                    )
                }
                fields[field] = kind
            }
            do { result.append(try CollectionSchema(name: name, fields: fields)) } catch {
                throw SchemaError("collections.\(name): \(error)")
            }
        }
        self.init(result)
    }

    /// The schema as JSON, the form ``init(json:)`` reads.
    public var json: FieldValue {
        var collectionsJSON: [String: FieldValue] = [:]
        for (name, collection) in collections {
            collectionsJSON[name] = .object(["fields": .object(collection.fields.mapValues { .string($0.rawValue) })])
        }
        return .object(["collections": .object(collectionsJSON)])
    }
}
