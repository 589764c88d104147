/// What `loket bench lending` measured. Times in milliseconds.
public struct LendingBenchmarkResult: Sendable {
    public var devices: Int
    public var loans: Int
    /// Seconds to fill the replica.
    public var fillSeconds: Double
    /// Loans in the overdue list.
    public var overdue: Int
    /// One overdue list per run.
    public var overdueMilliseconds: [Double]
    /// One checkout per run (a write with its checks, synced to disk).
    public var checkoutMilliseconds: [Double]
    /// One full conflict scan (what the desk's device list and summary run).
    public var conflictsMilliseconds: [Double]
}
