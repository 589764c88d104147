import Foundation

/// The answer to the PC/SC "get data" command `FF CA 00 00 00`: the card's UID followed by
/// the status `90 00`.
public enum CardUID {
    /// The command: get the UID of the card on the reader.
    public static let command: [UInt8] = [0xFF, 0xCA, 0x00, 0x00, 0x00]

    /// The UID in `answer`; throws ``CardReadError`` (`bad-answer`) for anything else: an
    /// error status, no UID, or one of an impossible length (ISO 14443 UIDs are 4, 7 or 10
    /// bytes; readers give 4 to 10). The error names the status, never the bytes.
    public static func parse(_ answer: [UInt8]) throws(CardReadError) -> [UInt8] {
        // Nothing at all: the card left in the middle of the exchange (a reader that does
        // not say "removed" answers empty).
        guard !answer.isEmpty else {
            throw CardReadError(.cardRemoved, "the card went away before it was read: tap it again and hold it still")
        }
        guard answer.count >= 2 else {
            throw CardReadError(.badAnswer, "the reader answered \(answer.count) bytes, not a UID and a status")
        }
        let status = (answer[answer.count - 2], answer[answer.count - 1])
        guard status == (0x90, 0x00) else {
            let code = String(format: "%02X%02X", status.0, status.1)
            throw CardReadError(.badAnswer, "the reader refused to give the UID (status \(code))")
        }
        let uid = Array(answer.dropLast(2))
        guard (4...10).contains(uid.count) else {
            throw CardReadError(.badAnswer, "a UID of \(uid.count) bytes is not a card's (4 to 10)")
        }
        return uid
    }
}
