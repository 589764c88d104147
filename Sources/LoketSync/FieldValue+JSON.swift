extension FieldValue {
    /// The value as canonical JSON: no insignificant whitespace, object keys sorted by
    /// their UTF-8 bytes, integers without a fraction, doubles in their shortest form
    /// that reads back exactly (always with a `.` or an exponent).
    public var canonicalJSON: String {
        var out = ""
        writeJSON(into: &out, indent: nil, level: 0)
        return out
    }

    /// The value as JSON indented by two spaces, keys sorted: for people to read.
    public var prettyJSON: String {
        var out = ""
        writeJSON(into: &out, indent: "  ", level: 0)
        return out
    }

    private func writeJSON(into out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            // -0.0 == 0.0, so both print alike: equal values, equal bytes.
            var text = d == 0 ? "0.0" : "\(d)"
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { text += ".0" }
            out += text
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                item.writeJSON(into: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                Self.writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                members[key]!.writeJSON(into: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: String?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00"
                    out.unicodeScalars.append(hexDigits[Int(scalar.value >> 4)])
                    out.unicodeScalars.append(hexDigits[Int(scalar.value & 0xF)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Parses JSON text (RFC 8259) into a value.
    ///
    /// Integers that fit `Int64` become `.int`; other numbers become `.double`. Duplicate
    /// object keys, non-finite numbers, nesting deeper than `maximumDepth` and trailing
    /// text are errors that name the byte offset.
    ///
    /// `maximumBytes` bounds the memory the parsed value may take (counted as it is
    /// built), so a small text cannot make the parser build a large tree.
    public init(json text: String, maximumDepth: Int = 64, maximumBytes: Int = 512 << 20) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(text.utf8), maximumDepth: maximumDepth, budget: maximumBytes)
        self = try parser.parseDocument()
    }
}
