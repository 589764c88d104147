/// The identity of one replica: a terminal, a desk, or a hub.
///
/// A replica id is 1–64 bytes of `A–Z a–z 0–9 . _ : -`. It is part of every timestamp
/// (it breaks ties between equal clock readings) and of every version vector, so two
/// replicas must never share one.
public struct ReplicaID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id as text.
    public let rawValue: String

    /// The longest id accepted, in bytes.
    public static let maximumLength = 64

    /// Creates a replica id, or throws when `rawValue` is empty, too long, or holds a
    /// character outside `A–Z a–z 0–9 . _ : -`.
    public init(_ rawValue: String) throws(InvalidIdentifierError) {
        guard Self.isValid(rawValue) else {
            throw InvalidIdentifierError(
                kind: "replica id", value: rawValue,
                rule: "1–\(Self.maximumLength) characters of A–Z a–z 0–9 . _ : -")
        }
        self.rawValue = rawValue
    }

    /// Whether `text` is a valid replica id.
    public static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: ":"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// A fresh random id (`r-` and 16 hex digits), for a replica that was not given one.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ReplicaID {
        let value = UInt64.random(in: .min ... .max, using: &generator)
        let hex = String(value, radix: 16)
        // Safe: the text is valid by construction.
        return try! ReplicaID("r-" + String(repeating: "0", count: 16 - hex.count) + hex)
    }

    public var description: String { rawValue }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool {
        // Ids are ASCII, where String's order is byte order: the same on every platform.
        lhs.rawValue < rhs.rawValue
    }
}
