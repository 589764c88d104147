import Foundation

/// Asset tags: what the barcode on a device says, and the device's record id.
public enum AssetTag {
    /// The tag as stored: trimmed, upper case, 1–32 characters of `A–Z 0–9 . _ -`.
    /// A barcode scanner types the tag like a keyboard and ends with Enter; both are fine.
    public static func normalize(_ text: String, field: String = "asset tag") throws(LendingError) -> String {
        let tag = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard !tag.isEmpty, tag.utf8.count <= 32,
            tag.utf8.allSatisfy({
                ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            })
        else {
            throw LendingError(
                .invalidInput, "\(field) must be 1–32 characters of A–Z 0–9 . _ - (as on the label), got \"\(text)\"")
        }
        return tag
    }
}
