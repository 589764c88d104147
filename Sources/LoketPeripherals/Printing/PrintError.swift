/// Why printing failed, with what to do about it.
public struct PrintError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The printer or CUPS cannot be reached (off, unplugged, not running): the job waits
        /// and is sent again when it answers.
        case unreachable
        /// The printer is busy or not accepting jobs for now: sent again later.
        case busy
        /// The printer refused the job itself (a format it cannot print, a bad request):
        /// sending it again would not help; the job fails.
        case refused
        /// A target, document or answer that is not what it must be.
        case badInput = "bad-input"
        /// The durable print queue (replica or spool folder) could not be used.
        case store
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether sending the job again later may work.
    public var isTransient: Bool { kind == .unreachable || kind == .busy }

    public var description: String { "\(kind.rawValue): \(message)" }
}
