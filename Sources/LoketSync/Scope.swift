/// Scope names: who may see and write a record.
///
/// A scope is `fleet`, `branch:<id>`, `ring:<id>` or `terminal:<id>`, where `<id>` is
/// 1–64 characters of `A–Z a–z 0–9 . _ -`. A ring scope (`ring:canary`) holds what a
/// profile rollout sends to the terminals enrolled into that ring.
public enum Scope {
    /// The scope every terminal of the fleet receives.
    public static let fleet = "fleet"

    /// Whether `text` is a valid scope.
    public static func isValid(_ text: String) -> Bool {
        if text == fleet { return true }
        let id: Substring
        if text.hasPrefix("branch:") {
            id = text.dropFirst("branch:".count)
        } else if text.hasPrefix("terminal:") {
            id = text.dropFirst("terminal:".count)
        } else if text.hasPrefix("ring:") {
            id = text.dropFirst("ring:".count)
        } else {
            return false
        }
        return !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy {
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".")
                    || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
    }

    /// Throws unless `text` is a valid scope.
    public static func validate(_ text: String) throws(InvalidIdentifierError) {
        guard isValid(text) else {
            throw InvalidIdentifierError(
                kind: "scope", value: text,
                rule: "fleet, branch:<id>, ring:<id> or terminal:<id> (id: 1–64 of A–Z a–z 0–9 . _ -)")
        }
    }
}
