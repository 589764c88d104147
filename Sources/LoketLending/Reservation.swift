/// A borrower waiting for a kind of device at a branch. The waiting list is the branch's
/// waiting reservations of that kind by the time they were made.
public struct Reservation: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        /// In the waiting list.
        case waiting
        /// A device is held for the borrower (`device`, until `readyUntil`).
        case ready
        /// The borrower took the device.
        case fulfilled
        /// Cancelled, or the hold ran out.
        case cancelled
    }

    public var id: String
    public var borrower: String
    public var kind: DeviceKind
    public var branch: String
    public var createdAt: Int64
    public var state: State
    public var device: String?
    public var readyUntil: Int64?
    /// Its place in the waiting list (1 is next), when it waits.
    public var position: Int?

    public init(
        id: String, borrower: String, kind: DeviceKind, branch: String, createdAt: Int64, state: State,
        device: String? = nil, readyUntil: Int64? = nil, position: Int? = nil
    ) {
        self.id = id
        self.borrower = borrower
        self.kind = kind
        self.branch = branch
        self.createdAt = createdAt
        self.state = state
        self.device = device
        self.readyUntil = readyUntil
        self.position = position
    }

    enum CodingKeys: String, CodingKey {
        case id, borrower, kind, branch, createdAt = "created_at", state, device, readyUntil = "ready_until", position
    }
}
