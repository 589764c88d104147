/// Why a card could not be read, or a reader not asked; says what to do.
public struct CardReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The card was pulled away before its UID was read: tap again.
        case cardRemoved = "card-removed"
        /// The reader's answer was not a UID (too short, too long, an error status).
        case badAnswer = "bad-answer"
        /// The reader is gone (unplugged) or not usable.
        case readerGone = "reader-gone"
        /// pcscd is not running, or stopped.
        case serviceUnavailable = "service-unavailable"
        /// The card key is not usable.
        case badKey = "bad-key"
        /// Another PC/SC failure, with its code.
        case pcsc
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
