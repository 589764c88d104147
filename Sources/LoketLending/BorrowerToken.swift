/// Borrowers are known by their card's token (`card-` and 32 lower-case hex digits, made
/// by the card reader from the card's UID under the deployment's key): never a name, never
/// the number on the card.
public enum BorrowerToken {
    public static func validate(_ text: String, field: String = "borrower") throws(LendingError) -> String {
        let hex = text.utf8.dropFirst(5)
        guard text.hasPrefix("card-"), hex.count == 32,
            hex.allSatisfy({
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                    || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
            })
        else {
            throw LendingError(
                .invalidInput,
                "\(field) must be a card token (card- and 32 hex digits, as the card reader gives it), not a card number or a name"
            )
        }
        return text
    }
}
