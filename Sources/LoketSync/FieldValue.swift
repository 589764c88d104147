/// A value a register field holds or a set field contains: the JSON data model.
///
/// Numbers are either integers (`Int64`) or finite doubles; `1` and `1.0` are different
/// values. Objects keep keys unordered; their canonical JSON sorts them, which is what
/// makes two equal values print the same bytes.
public enum FieldValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A finite double. NaN and infinities are refused by every decoder.
    case double(Double)
    case string(String)
    case array([FieldValue])
    case object([String: FieldValue])
}

extension FieldValue: Comparable {
    /// A total order used only to break ties deterministically: the canonical JSON bytes.
    /// The store compares the same bytes in SQL, so both agree.
    public static func < (lhs: FieldValue, rhs: FieldValue) -> Bool {
        lhs.canonicalJSON.utf8.lexicographicallyPrecedes(rhs.canonicalJSON.utf8)
    }
}

extension FieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
}
