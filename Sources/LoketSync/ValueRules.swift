/// The one rule for values, whichever way they come in: the binary decoder, the JSON
/// decoder and a replica's own writes all pass values through ``check(_:)``, so a value
/// that one path takes, every path takes — and it can always be stored, exported and
/// read back (docs/PROTOCOL.md, "Values").
///
/// A value is valid when its numbers are finite, its texts (and object keys) are at
/// most ``ChangesetDecodingLimits/maximumStringBytes`` bytes of UTF-8, and arrays and
/// objects nest at most ``ChangesetDecodingLimits/maximumDepth`` levels below the
/// value itself. Checking also normalises every text to NFC (``Swift/String/nfc``).
public struct ValueRules: Sendable, Hashable {
    /// The limits checked.
    public let limits: ChangesetDecodingLimits

    public init(limits: ChangesetDecodingLimits = ChangesetDecodingLimits()) {
        self.limits = limits
    }

    /// The value with every text in NFC, or a ``ValueError`` naming what breaks the rules
    /// and where (a path such as `$[3].name`).
    public func check(_ value: FieldValue) throws(ValueError) -> FieldValue {
        try check(value, depth: 0, path: "$")
    }

    private func check(_ value: FieldValue, depth: Int, path: String) throws(ValueError) -> FieldValue {
        switch value {
        case .null, .bool, .int: return value
        case .double(let d):
            guard d.isFinite else { throw ValueError(path: path, reason: "\(d) is not a finite number") }
            return value
        case .string(let text):
            return .string(try checkText(text, path: path))
        case .array(let items):
            guard depth < limits.maximumDepth || items.isEmpty else { throw tooDeep(path) }
            var out: [FieldValue] = []
            out.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                out.append(try check(item, depth: depth + 1, path: "\(path)[\(index)]"))
            }
            return .array(out)
        case .object(let members):
            guard depth < limits.maximumDepth || members.isEmpty else { throw tooDeep(path) }
            var out: [String: FieldValue] = [:]
            out.reserveCapacity(members.count)
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let normal = try checkText(key, path: "\(path) key")
                let item = try check(members[key]!, depth: depth + 1, path: "\(path).\(normal)")
                guard out.updateValue(item, forKey: normal) == nil else {
                    throw ValueError(
                        path: path, reason: "object key \"\(normal.prefix(80))\" appears twice (in NFC)")
                }
            }
            return .object(out)
        }
    }

    /// A text of at most the limit's bytes, in NFC.
    public func checkText(_ text: String, path: String) throws(ValueError) -> String {
        guard text.utf8.count <= limits.maximumStringBytes else {
            throw ValueError(path: path, reason: "text longer than \(limits.maximumStringBytes) bytes")
        }
        let normal = text.nfc
        // Composition never lengthens much, but the limit holds for what is kept.
        guard normal.utf8.count <= limits.maximumStringBytes else {
            throw ValueError(path: path, reason: "text longer than \(limits.maximumStringBytes) bytes")
        }
        return normal
    }

    private func tooDeep(_ path: String) -> ValueError {
        ValueError(path: path, reason: "nested deeper than \(limits.maximumDepth) levels", isTooDeep: true)
    }
}
