/// What a printer (or a CUPS queue) says of itself.
public struct IPPPrinterStatus: Sendable, Equatable {
    /// `printer-state`: 3 idle, 4 processing, 5 stopped.
    public var state: Int32
    public var acceptingJobs: Bool
    /// `printer-state-reasons`, e.g. `none`, `media-empty`, `paused`.
    public var reasons: [String]

    public init(state: Int32, acceptingJobs: Bool, reasons: [String]) {
        self.state = state
        self.acceptingJobs = acceptingJobs
        self.reasons = reasons
    }
}
