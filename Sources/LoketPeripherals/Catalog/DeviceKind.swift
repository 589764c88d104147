/// What a peripheral is for a terminal.
public enum DeviceKind: String, Sendable, Codable, CaseIterable {
    /// A contactless (NFC) card reader: library cards.
    case nfcReader = "nfc-reader"
    case printer
    /// A receipt printer at the lending desk.
    case receiptPrinter = "receipt-printer"
    case barcodeScanner = "barcode-scanner"
}
