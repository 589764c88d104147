public import LoketSync

/// How a replica opens and behaves. Every property has a documented default.
public struct ReplicaConfiguration: Sendable {
    /// The replica id for a new database. The default is `nil`: a random id is made.
    /// Opening an existing database with a different id is an error.
    public var replicaID: ReplicaID?
    /// The collections to declare. The default is `nil`: a new database gets
    /// ``Schema/builtIn``, an existing one keeps its schema. Given for an existing
    /// database, the schema's new collections and fields are added (data is kept).
    public var schema: Schema?
    /// Whether opening a file that is not a replica yet makes it one. The default is
    /// `true`; ``Replica/openExisting(path:configuration:logger:)`` sets it to `false`.
    public var createIfMissing: Bool = true
    /// How far ahead of local wall time a remote timestamp may be before its change is
    /// quarantined. The default is 5 minutes.
    public var maximumDriftMilliseconds: UInt64 = HybridLogicalClock.defaultMaximumDriftMilliseconds
    /// Where wall time comes from. The default is the system clock.
    public var wallClock: any WallClock = SystemWallClock()
    /// How long a writer waits for another process's lock before failing, in seconds.
    /// The default is 5.
    public var busyTimeoutSeconds: Double = 5
    /// The most reader connections of the pool. The default is 4.
    public var maximumReaderCount: Int = 4
    /// SQLite page cache of the writing connection, in KiB: a merge that touches more
    /// pages than fit spills them to the log mid-transaction and reads them again. Only
    /// pages actually used take memory. The default is 8192 (8 MiB).
    public var writerCacheSizeKiB: Int = 8192
    /// SQLite page cache of each reading connection, in KiB. The default is 2048 (2 MiB).
    public var readerCacheSizeKiB: Int = 2048
    /// How many pages the write-ahead log may hold before a commit copies them into the
    /// database file (`wal_autocheckpoint`). Larger values copy a page changed many times
    /// once instead of many times; the log file grows up to about 4 KiB × this. The
    /// default is 4000 (16 MiB of log): a local write commits two pages (its row and its
    /// outbox entry), and with SQLite's own default of 1000 a checkpoint — a sync of the
    /// database file — came every 500 writes (figures in docs/BENCHMARKS.md).
    public var walAutoCheckpointPages: Int = 4000

    public init(replicaID: ReplicaID? = nil, schema: Schema? = nil) {
        self.replicaID = replicaID
        self.schema = schema
    }
}
