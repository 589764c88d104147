/// How a session looks when it starts; a visitor may change it for their session.
public struct AccessibilityDefaults: Sendable, Equatable, Codable {
    /// `normal`, `large` or `extra-large`. The default is `normal`.
    public var textSize: String
    /// The default is false.
    public var highContrast: Bool

    public static let textSizes = ["normal", "large", "extra-large"]

    public init(textSize: String = "normal", highContrast: Bool = false) {
        self.textSize = textSize
        self.highContrast = highContrast
    }
}
