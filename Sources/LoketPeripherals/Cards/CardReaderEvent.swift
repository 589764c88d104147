/// What the card readers report.
public enum CardReaderEvent: Sendable, Equatable {
    /// The readers pcscd has now (after a start, a plug or a pull).
    case readers([String])
    /// A card was tapped and read: its token (never its UID), the reader, and how long from
    /// the reader seeing the card to the token, in milliseconds.
    case tapped(token: String, reader: String, milliseconds: Double)
    /// A card was seen but could not be read; says why (tap again, or what to fix).
    case failed(reader: String, CardReadError)
    /// pcscd is not there (not running, or stopped): the watch tries again by itself.
    case serviceUnavailable(String)
}
