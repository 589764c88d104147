/// What the printer (or CUPS) says of one job.
public struct IPPJobStatus: Sendable, Equatable {
    public var state: IPPJobState
    /// `job-state-reasons`, e.g. `job-completed-successfully`, `printer-stopped`.
    public var reasons: [String]
    /// `job-state-message`, when the printer gives one.
    public var message: String?

    /// The reason given for a job the printer no longer lists (``IPPClient/jobStatus(_:job:)``).
    public static let forgotten = "loket-job-no-longer-listed"

    public init(state: IPPJobState, reasons: [String], message: String?) {
        self.state = state
        self.reasons = reasons
        self.message = message
    }
}
