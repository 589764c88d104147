/// A print job as the kiosk screen shows it to its visitor.
public struct PrintJobSummary: Sendable, Equatable {
    public var id: String
    public var pages: Int
    public var state: PrintJobState
    public var error: String?
}
