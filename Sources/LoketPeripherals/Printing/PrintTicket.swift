/// A print job as the terminal keeps it in its spool folder (`<id>.json`, next to the
/// document `<id>.doc` until the printer has it): the local truth of the job, durable
/// across restarts. The card's token stays here, on the terminal, and goes with the
/// ticket once the job is finished; the synced `print_jobs` record never carries it.
struct PrintTicket: Codable, Sendable, Equatable {
    var id: String
    /// The order of submission on this terminal (one higher than any ticket it holds).
    var number: Int
    var session: String
    /// The card's token, or `nil` for a guest.
    var card: String?
    var format: String
    var pages: Int
    var submittedAt: Int64
    var state: PrintJobState
    /// For a card's job after its session ended: cancelled when not released by then.
    var heldUntil: Int64?
    /// Pages beyond the free ones, to be paid.
    var chargedPages: Int
    /// The printer it went to, and its job id there.
    var printer: String?
    var printerJob: Int32?
    var error: String?
}
