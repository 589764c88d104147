/// What the profile switches on in the kiosk screen beyond the session itself.
public struct ScreenFeatures: Sendable, Equatable {
    /// Information-point helper mode: the visitor may ask for help and a staff member
    /// joins on the second screen (`/helper`). The default is off.
    public var helperMode: Bool = false
    /// The profile's text for the help button, in the profile's default language (shown
    /// when the screen is in that language). The default is `nil`: the screen's own word.
    public var helpButtonText: String?
    /// The profile's printing rules; `nil` or not enabled: the print page says where else
    /// to print. The default is `nil`.
    public var printing: PrintingSettings?

    public init(helperMode: Bool = false, helpButtonText: String? = nil, printing: PrintingSettings? = nil) {
        self.helperMode = helperMode
        self.helpButtonText = helpButtonText
        self.printing = printing
    }
}
