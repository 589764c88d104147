/// Why the desk refused something. The message says what was wrong and what to do.
public struct LendingError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// No such device, loan, reservation or conflict.
        case notFound = "not-found"
        /// An asset tag that is already in use.
        case alreadyExists = "already-exists"
        /// The device cannot be lent now (lent, waiting for a wipe, broken, held…).
        case notAvailable = "not-available"
        /// The borrower has as many devices as the branch allows.
        case overLimit = "over-limit"
        /// The device has no open loan to return or renew.
        case notLent = "not-lent"
        /// The loan was renewed as often as allowed, or someone waits for the device.
        case renewalRefused = "renewal-refused"
        /// Input that breaks the rules (a tag, a kind, a card token, a CSV row…).
        case invalidInput = "invalid-input"
        /// Something outside the desk failed (a mail folder not writable, a sender away).
        case unavailable
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
