/// What a visitor chose on the start screen: language, larger text, more contrast.
/// Kept for the session only; the next visitor starts from the profile's defaults.
public struct ScreenPreferences: Sendable, Equatable {
    public var language: String
    public var largeText: Bool
    public var highContrast: Bool

    public init(language: String = "nl", largeText: Bool = false, highContrast: Bool = false) {
        self.language = language
        self.largeText = largeText
        self.highContrast = highContrast
    }
}
