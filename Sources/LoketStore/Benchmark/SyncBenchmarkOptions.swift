/// The shape of one run of the sync benchmark (`loket bench sync`).
public struct SyncBenchmarkOptions: Sendable, Equatable {
    /// Records seeded on replica 0. The default is 100,000.
    public var records: Int = 100_000
    /// Register fields per record. The default is 10.
    public var fields: Int = 10
    /// Field updates, round-robin over the replicas. The default is 30,000.
    public var updates: Int = 30_000
    /// Replicas. The default is 3.
    public var replicas: Int = 3
    /// Updates per local write transaction. The default is 1.
    public var batch: Int = 1
    /// Run the same shape as plain SQLite upserts instead of the CRDT store.
    public var baselineSQLite: Bool = false
    /// Seed of the random record, field and value choices. The default is 1.
    public var seed: UInt64 = 1
    /// Folder for the databases; removed afterwards. The default is a new temporary folder.
    public var directory: String?

    public init() {}

    /// Throws when a number is out of its range.
    public func validate() throws(StoreError) {
        func check(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws(StoreError) {
            guard range.contains(value) else {
                throw StoreError(
                    .invalidValue, "--\(name) must be \(range.lowerBound)–\(range.upperBound), got \(value)")
            }
        }
        try check("records", records, 1...10_000_000)
        try check("fields", fields, 1...60)
        try check("updates", updates, 0...10_000_000)
        try check("replicas", replicas, 2...16)
        try check("batch", batch, 1...1_000_000)
    }
}
