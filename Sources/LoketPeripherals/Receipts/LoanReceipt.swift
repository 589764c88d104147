public import Foundation

/// The receipt a visitor takes home with a lent laptop or tablet: the branch, the device,
/// when it was lent and when it must be back, in Dutch. It names no person: the receipt
/// may be lost.
public struct LoanReceipt: Sendable, Equatable {
    public var branch: String
    public var model: String
    public var assetTag: String
    public var lentAt: Date
    public var dueAt: Date
    public var timeZone: TimeZone

    public init(branch: String, model: String, assetTag: String, lentAt: Date, dueAt: Date, timeZone: TimeZone) {
        self.branch = branch
        self.model = model
        self.assetTag = assetTag
        self.lentAt = lentAt
        self.dueAt = dueAt
        self.timeZone = timeZone
    }

    public func lines() -> [ReceiptLine] {
        [
            ReceiptLine("Uitleenbon", bold: true, large: true, alignment: .center),
            ReceiptLine(branch, alignment: .center),
            ReceiptLine(""),
            ReceiptLine("Apparaat:    \(model)"),
            ReceiptLine("Nummer:      \(assetTag)"),
            ReceiptLine("Uitgeleend:  \(format(lentAt, "d-M-yyyy HH:mm"))"),
            ReceiptLine("Terugbrengen vóór \(format(dueAt, "EEEE d MMMM yyyy"))", bold: true),
            ReceiptLine(""),
            ReceiptLine(
                "Wat u op het apparaat zet, wordt gewist als u het terugbrengt. Bewaar niets wat u nodig hebt."),
        ]
    }

    func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "nl_NL")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
