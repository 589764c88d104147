/// What a wipe removed and how long it took.
public struct WipeReport: Sendable, Equatable {
    public var removedFiles: Int
    public var removedBytes: Int64
    /// Print jobs held for the session that were cancelled (a guest's; a card's wait for
    /// its tap).
    public var cancelledPrintJobs: Int
    public var removeMilliseconds: Double
    public var checkMilliseconds: Double

    public init(
        removedFiles: Int, removedBytes: Int64, cancelledPrintJobs: Int, removeMilliseconds: Double,
        checkMilliseconds: Double
    ) {
        self.removedFiles = removedFiles
        self.removedBytes = removedBytes
        self.cancelledPrintJobs = cancelledPrintJobs
        self.removeMilliseconds = removeMilliseconds
        self.checkMilliseconds = checkMilliseconds
    }
}
