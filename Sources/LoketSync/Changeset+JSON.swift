/// The JSON form of a changeset, for people and debugging tools. It carries exactly what
/// the binary form carries.
///
/// ```json
/// {"format": "loket-changeset", "version": 1, "since": {}, "upTo": {"desk-1": [1732851013123, 0]},
///  "changes": [{"collection": "devices", "record": "LPT-0042", "scope": "branch:centrum", "cl": 1,
///               "time": [1732851013123, 0], "origin": "desk-1", "op": "register",
///               "field": "state", "value": "lent"}]}
/// ```
extension Changeset {
    /// The changeset as a JSON value.
    public var json: FieldValue {
        var members: [String: FieldValue] = [
            "format": "loket-changeset",
            "version": .int(Int64(Self.binaryVersion)),
            "since": since.json,
            "upTo": upTo.json,
            "changes": .array(changes.map(\.json)),
        ]
        if let page {
            members["page"] = .object([
                "export": .string(String(page.export)), "number": .int(Int64(page.number)),
                "last": .bool(page.isLast),
            ])
        }
        return .object(members)
    }

}

extension Change {
    /// The change in the JSON form of a changeset (one element of its `changes`).
    public var json: FieldValue {
        let change = self
        var m: [String: FieldValue] = [
            "collection": .string(change.collection),
            "record": .string(change.recordID),
            "scope": .string(change.scope),
            "cl": .int(Int64(clamping: change.causalLength)),
            "time": change.timestamp.time.json,
            "origin": .string(change.origin.rawValue),
        ]
        switch change.operation {
        case .existence:
            m["op"] = "existence"
        case .register(let field, let value):
            m["op"] = "register"
            m["field"] = .string(field)
            m["value"] = value
        case .counter(let field, let increments, let decrements):
            m["op"] = "counter"
            m["field"] = .string(field)
            m["increments"] = .string(String(increments))
            m["decrements"] = .string(String(decrements))
        case .add(let field, let element):
            m["op"] = "add"
            m["field"] = .string(field)
            m["element"] = element
        case .remove(let field, let element, let tag):
            m["op"] = "remove"
            m["field"] = .string(field)
            m["element"] = element
            m["tag"] = .object(["time": tag.time.json, "origin": .string(tag.replica.rawValue)])
        }
        return .object(m)
    }
}

extension Changeset {
    /// Reads the JSON form. Errors name the JSON path of what was wrong (offset 0, or the
    /// byte offset for JSON syntax errors).
    ///
    /// The same rules hold as for the binary form: names and ids are checked, texts are
    /// put in NFC, and values pass ``ValueRules`` under `limits`.
    public init(jsonText: String, limits: ChangesetDecodingLimits = ChangesetDecodingLimits())
        throws(ChangesetDecodingError)
    {
        let document: FieldValue
        // The document nests a value three levels down: $.changes[i].value.
        do {
            document = try FieldValue(
                json: jsonText, maximumDepth: limits.maximumDepth + 3, maximumBytes: limits.maximumDecodedBytes)
        } catch {
            throw ChangesetDecodingError(
                code: error.reason.contains("memory") ? .tooLarge : .invalidJSON, offset: error.offset,
                detail: error.reason)
        }
        try self.init(jsonValue: document, limits: limits)
    }

    /// Reads the JSON form from an already parsed value.
    public init(jsonValue document: FieldValue, limits: ChangesetDecodingLimits = ChangesetDecodingLimits())
        throws(ChangesetDecodingError)
    {
        let rules = ValueRules(limits: limits)
        func fail(_ path: String, _ reason: String) -> ChangesetDecodingError {
            ChangesetDecodingError(code: .invalidJSON, offset: 0, detail: "\(path): \(reason)")
        }
        guard case .object(let top) = document else { throw fail("$", "expected an object") }
        guard top["format"] == "loket-changeset" else { throw fail("$.format", "expected \"loket-changeset\"") }
        guard top["version"] == .int(Int64(Self.binaryVersion)) else {
            throw ChangesetDecodingError(
                code: .unsupportedVersion, offset: 0,
                detail: "$.version: this build reads version \(Self.binaryVersion)")
        }
        func vector(_ key: String) throws(ChangesetDecodingError) -> VersionVector {
            guard let value = top[key] else { return VersionVector() }
            do { return try VersionVector(json: value) } catch { throw fail("$.\(key)", error.reason) }
        }
        func time(_ value: FieldValue?, _ path: String) throws(ChangesetDecodingError) -> HybridTime {
            guard let value, let time = HybridTime(json: value) else {
                throw fail(path, "expected \(HybridTime.jsonRule)")
            }
            return time
        }
        func string(_ m: [String: FieldValue], _ key: String, _ path: String) throws(ChangesetDecodingError) -> String {
            guard case .string(let s)? = m[key] else { throw fail("\(path).\(key)", "expected a string") }
            return s
        }
        func replica(_ text: String, _ path: String) throws(ChangesetDecodingError) -> ReplicaID {
            do { return try ReplicaID(text) } catch { throw fail(path, error.description) }
        }
        func uint(_ m: [String: FieldValue], _ key: String, _ path: String) throws(ChangesetDecodingError) -> UInt64 {
            // Counter totals can exceed Int64, so they are written as decimal strings.
            guard case .string(let s)? = m[key], let v = UInt64(s) else {
                throw fail("\(path).\(key)", "expected an unsigned 64-bit integer as a decimal string")
            }
            return v
        }
        guard case .array(let items)? = top["changes"] else { throw fail("$.changes", "expected an array") }
        var changes: [Change] = []
        for (index, item) in items.enumerated() {
            let path = "$.changes[\(index)]"
            guard case .object(let m) = item else { throw fail(path, "expected an object") }
            let collection = try string(m, "collection", path)
            guard CollectionSchema.isValidName(collection) else {
                throw fail("\(path).collection", "invalid collection name")
            }
            let recordID = try string(m, "record", path).nfc
            guard RecordID.isValid(recordID) else {
                throw fail(
                    "\(path).record", "invalid record id (1–\(RecordID.maximumLength) bytes, no control characters)")
            }
            let scope = try string(m, "scope", path)
            guard Scope.isValid(scope) else { throw fail("\(path).scope", "invalid scope") }
            guard case .int(let cl)? = m["cl"], cl >= 1 else { throw fail("\(path).cl", "expected an integer ≥ 1") }
            let origin = try replica(try string(m, "origin", path), "\(path).origin")
            let timestamp = HybridTimestamp(time: try time(m["time"], "\(path).time"), replica: origin)
            let op = try string(m, "op", path)
            func field() throws(ChangesetDecodingError) -> String {
                let name = try string(m, "field", path)
                guard CollectionSchema.isValidName(name), name != "id", name != "scope" else {
                    throw fail("\(path).field", "invalid field name")
                }
                return name
            }
            func value(_ key: String) throws(ChangesetDecodingError) -> FieldValue {
                guard let v = m[key] else { throw fail("\(path).\(key)", "missing") }
                do { return try rules.check(v) } catch {
                    let inner = error.path == "$" ? "" : String(error.path.dropFirst())
                    throw ChangesetDecodingError(
                        code: error.isTooDeep ? .tooDeep : .outOfRange, offset: 0,
                        detail: "\(path).\(key)\(inner): \(error.reason)")
                }
            }
            let operation: ChangeOperation
            switch op {
            case "existence": operation = .existence
            case "register": operation = .register(field: try field(), value: try value("value"))
            case "counter":
                operation = .counter(
                    field: try field(), increments: try uint(m, "increments", path),
                    decrements: try uint(m, "decrements", path))
            case "add": operation = .add(field: try field(), element: try value("element"))
            case "remove":
                guard case .object(let tag)? = m["tag"] else { throw fail("\(path).tag", "expected an object") }
                let tagReplica = try replica(try string(tag, "origin", "\(path).tag"), "\(path).tag.origin")
                let tagTime = try time(tag["time"], "\(path).tag.time")
                operation = .remove(
                    field: try field(), element: try value("element"),
                    tag: HybridTimestamp(time: tagTime, replica: tagReplica))
            default:
                throw fail("\(path).op", "expected existence, register, counter, add or remove")
            }
            let change = Change(
                collection: collection, recordID: recordID, scope: scope, causalLength: UInt64(cl),
                timestamp: timestamp, operation: operation)
            do { try change.validate() } catch { throw fail(path, error.reason) }
            changes.append(change)
        }
        var page: ExportPageMark?
        if let mark = top["page"] {
            guard case .object(let m) = mark, case .string(let export)? = m["export"], let id = UInt64(export),
                case .int(let number)? = m["number"], let number = UInt32(exactly: number),
                case .bool(let last)? = m["last"]
            else {
                throw fail(
                    "$.page", "expected {\"export\": decimal string, \"number\": 0…2^32 - 1, \"last\": true or false}")
            }
            page = ExportPageMark(export: id, number: number, isLast: last)
        }
        self.init(since: try vector("since"), upTo: try vector("upTo"), changes: changes, page: page)
    }

    /// Decodes either form: binary when the input starts with the magic bytes, else JSON.
    public init(decoding input: [UInt8], limits: ChangesetDecodingLimits = ChangesetDecodingLimits())
        throws(ChangesetDecodingError)
    {
        if input.starts(with: Self.magic) || input.isEmpty {
            try self.init(binary: input, limits: limits)
            return
        }
        guard input.count <= limits.maximumBytes else {
            throw ChangesetDecodingError(
                code: .tooLarge, offset: limits.maximumBytes,
                detail: "input is \(input.count) bytes, at most \(limits.maximumBytes) are accepted")
        }
        guard let text = String(validating: input, as: UTF8.self) else {
            throw ChangesetDecodingError(
                code: .invalidUTF8, offset: 0, detail: "neither a binary changeset (LKCS) nor UTF-8 JSON")
        }
        try self.init(jsonText: text, limits: limits)
    }
}
