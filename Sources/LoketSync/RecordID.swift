/// Record id rules: 1–200 bytes of UTF-8 with no control characters.
public enum RecordID {
    /// The longest record id, in bytes.
    public static let maximumLength = 200

    /// Whether `text` is a valid record id.
    public static func isValid(_ text: String) -> Bool {
        let count = text.utf8.count
        return count >= 1 && count <= maximumLength
            && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }
    }

    /// Throws unless `text` is a valid record id.
    public static func validate(_ text: String) throws(InvalidIdentifierError) {
        guard isValid(text) else {
            throw InvalidIdentifierError(
                kind: "record id", value: text, rule: "1–\(maximumLength) bytes of UTF-8 without control characters")
        }
    }
}
