/// One line of a receipt.
public struct ReceiptLine: Sendable, Equatable {
    public enum Alignment: UInt8, Sendable { case left = 0, center = 1, right = 2 }

    public var text: String
    public var bold: Bool
    /// Twice as high and wide (titles).
    public var large: Bool
    public var alignment: Alignment

    public init(_ text: String, bold: Bool = false, large: Bool = false, alignment: Alignment = .left) {
        self.text = text
        self.bold = bold
        self.large = large
        self.alignment = alignment
    }
}
