/// How Loket talks to a peripheral.
public enum DeviceProtocol: String, Sendable, Codable, CaseIterable {
    /// Through pcscd (PC/SC): card readers.
    case pcsc
    /// Through CUPS or straight to an IPP printer.
    case ipp
    /// Raw ESC/POS bytes: receipt printers.
    case escpos
    /// A USB HID device (keyboard-like): barcode scanners.
    case hid
}
