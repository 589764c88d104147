/// The information point (Informatiepunt Digitale Overheid): staff help a visitor at the
/// terminal.
public struct InformationPointSettings: Sendable, Equatable, Codable {
    /// Helper mode: a help button on the kiosk screen calls staff, and a staff member may
    /// take over the session's screen with the visitor's consent. The default is false.
    public var helperMode: Bool
    /// The text on the help button, in the default language. The default is
    /// `Hulp nodig? Vraag het ons`.
    public var helpButtonText: String

    public init(helperMode: Bool = false, helpButtonText: String = "Hulp nodig? Vraag het ons") {
        self.helperMode = helperMode
        self.helpButtonText = helpButtonText
    }
}
