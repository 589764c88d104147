import Crypto
import Foundation

/// A one-time enrolment code: 20 characters of Crockford base32 (100 bits), shown in
/// groups of four (`7K2M-Q9XD-…`). The hub keeps only its SHA-256.
public struct EnrolmentCode: Sendable, Equatable, CustomStringConvertible {
    /// The 20 characters, upper case, without dashes.
    public let normalized: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new random code.
    public static func random() -> EnrolmentCode {
        var generator = SystemRandomNumberGenerator()
        return EnrolmentCode(normalized: String((0..<20).map { _ in alphabet.randomElement(using: &generator)! }))
    }

    init(normalized: String) {
        self.normalized = normalized
    }

    /// Reads a code as a person types it: case, dashes and spaces do not matter; `O` reads
    /// as `0`, `I` and `L` as `1` (Crockford).
    public init(_ typed: String) throws(ProtocolError) {
        var out = ""
        for character in typed.uppercased() where character != "-" && character != " " {
            let mapped: Character =
                switch character {
                case "O": "0"
                case "I", "L": "1"
                default: character
                }
            guard Self.alphabet.contains(mapped) else {
                throw ProtocolError("enrolment code has an invalid character \"\(character)\"")
            }
            out.append(mapped)
        }
        guard out.count == 20 else {
            throw ProtocolError("an enrolment code has 20 characters (dashes aside), got \(out.count)")
        }
        self.normalized = out
    }

    /// Whether `text` is a code as the API takes it: 20 characters of the alphabet (either
    /// case), or five groups of four joined by dashes. People type more freely; the
    /// client normalises with ``init(_:)`` before sending.
    public static func isWireForm(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        let lengths = groups.map(\.count)
        guard lengths == [20] || lengths == [4, 4, 4, 4, 4] else { return false }
        return groups.allSatisfy { group in group.uppercased().allSatisfy { alphabet.contains($0) } }
    }

    /// Grouped by four for reading aloud and typing.
    public var description: String {
        stride(from: 0, to: 20, by: 4).map { start in
            let from = normalized.index(normalized.startIndex, offsetBy: start)
            return String(normalized[from..<normalized.index(from, offsetBy: 4)])
        }.joined(separator: "-")
    }

    /// What the hub stores: SHA-256 of the normalized code, hex.
    public var digest: String { RequestSignature.digest(Data(normalized.utf8)) }
}
