/// The devices a terminal with this profile should have; one missing makes the terminal
/// report itself unhealthy (and counts against a rollout).
public struct ExpectedPeripherals: Sendable, Equatable, Codable {
    /// A PC/SC card reader for library cards. The default is false.
    public var cardReader: Bool
    /// A printer reachable through CUPS. The default is false.
    public var printer: Bool
    /// An ESC/POS receipt printer. The default is false.
    public var receiptPrinter: Bool

    public init(cardReader: Bool = false, printer: Bool = false, receiptPrinter: Bool = false) {
        self.cardReader = cardReader
        self.printer = printer
        self.receiptPrinter = receiptPrinter
    }
}
