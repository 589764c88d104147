/// The languages of the kiosk screen.
public struct LanguageSettings: Sendable, Equatable, Codable {
    /// The language a session starts in (ISO 639-1). The default is `nl`.
    public var `default`: String
    /// The languages a visitor may switch to; must hold `default`. The default is `nl`, `en`.
    public var available: [String]

    public init(default: String = "nl", available: [String] = ["nl", "en"]) {
        self.default = `default`
        self.available = available
    }
}
