/// What a visitor does on the kiosk screen.
public enum ScreenAction: Sendable, Equatable {
    case startGuest
    /// A card was read (the card reader sends its pseudonymous token).
    case startCard(token: String)
    /// A tap or a key: the visitor is there.
    case input
    /// "More time".
    case extend
    /// "Stop".
    case end
    /// "Ask for help" (information point): a code for the helper's second screen.
    case requestHelp
    /// "Stop the help": the helper's view closes.
    case stopHelp
    /// Language, larger text, more contrast; `nil` leaves one as it is.
    case preferences(language: String?, largeText: Bool?, highContrast: Bool?)
}
