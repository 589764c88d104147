/// A reminder in the desk's durable queue.
public struct Notice: Sendable, Equatable, Codable {
    public enum Channel: String, Sendable, Codable {
        /// Sent by the desk's mail sender.
        case email
        /// Printed at the desk and posted.
        case letter
    }

    public enum State: String, Sendable, Codable {
        case queued, sent, failed
    }

    /// `<loan>/<kind>`: desks that queue the same reminder agree on one record.
    public var id: String
    public var loan: String
    public var device: String
    public var borrower: String
    /// `overdue`.
    public var kind: String
    public var channel: Channel
    public var state: State
    public var dueAt: Int64
    public var attempts: Int
    public var error: String?

    public init(
        id: String, loan: String, device: String, borrower: String, kind: String, channel: Channel, state: State,
        dueAt: Int64, attempts: Int = 0, error: String? = nil
    ) {
        self.id = id
        self.loan = loan
        self.device = device
        self.borrower = borrower
        self.kind = kind
        self.channel = channel
        self.state = state
        self.dueAt = dueAt
        self.attempts = attempts
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id, loan, device, borrower, kind, channel, state, dueAt = "due_at", attempts, error
    }
}
