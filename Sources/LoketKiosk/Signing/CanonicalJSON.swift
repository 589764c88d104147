import Foundation
public import LoketSync

/// JSON Canonicalization Scheme (RFC 8785) for the values profiles and trust files hold:
/// objects, arrays, strings, integers, booleans and null. No whitespace; object members
/// sorted by the UTF-16 code units of their names; strings with only `"`, `\`, and control
/// characters escaped (`\b \f \n \r \t`, others `\u00xx`); integers in plain decimal.
/// Fractional numbers are refused: RFC 8785 prints them the ECMAScript way, and nothing
/// signed here needs one (prices are in cents).
public enum CanonicalJSON {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The canonical bytes of `value`.
    public static func encode(_ value: FieldValue) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        try write(value, into: &out)
        return out
    }

    /// The canonical bytes of an `Encodable` value (through its JSON form).
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(value), as: UTF8.self)
        return try encode(try FieldValue(json: json))
    }

    static func write(_ value: FieldValue, into out: inout [UInt8]) throws(Failure) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .int(let number):
            // Beyond 2^53 an ECMAScript reader changes the number; RFC 8785 cannot keep it.
            guard abs(number) <= 9_007_199_254_740_991 else {
                throw Failure(
                    description: "integer \(number) is beyond ±2^53, which RFC 8785 JSON cannot carry exactly")
            }
            out += Array(String(number).utf8)
        case .double(let number):
            throw Failure(description: "fractional number \(number): signed documents hold whole numbers only")
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(members[key]!, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += [0x5C, 0x22]
            case "\\": out += [0x5C, 0x5C]
            case "\u{08}": out += [0x5C, UInt8(ascii: "b")]
            case "\u{0C}": out += [0x5C, UInt8(ascii: "f")]
            case "\n": out += [0x5C, UInt8(ascii: "n")]
            case "\r": out += [0x5C, UInt8(ascii: "r")]
            case "\t": out += [0x5C, UInt8(ascii: "t")]
            default:
                if scalar.value < 0x20 {
                    out += Array("\\u00".utf8) + [hex[Int(scalar.value >> 4)], hex[Int(scalar.value & 0xF)]]
                } else {
                    out += Array(String(scalar).utf8)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
