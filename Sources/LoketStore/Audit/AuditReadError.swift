/// An `audit` record lacks a field, or holds it as the wrong kind.
public struct AuditReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field: `chain`, `seq`, …
    public var field: String
    /// The record, when known.
    public var record: String?

    public init(field: String, record: String? = nil) {
        self.field = field
        self.record = record
    }

    public var description: String {
        "audit record \(record ?? "?"): field \"\(field)\" is missing or not of its kind (text, or a whole number for seq and at)"
    }
}
