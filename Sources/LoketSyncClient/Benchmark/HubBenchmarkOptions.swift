/// The shape of `loket bench hub`.
public struct HubBenchmarkOptions: Sendable {
    /// Terminals, each with its own replica file.
    public var terminals = 1_000
    /// Changes each terminal makes offline before the sync (2 per write: a new record's
    /// existence and one field).
    public var changesPerTerminal = 100
    /// Terminals per branch: a terminal receives the changes of its branch.
    public var terminalsPerBranch = 10
    /// Terminals syncing at the same moment.
    public var concurrency = 64
    /// `sqlite` (in a temporary data folder) or `postgres` (``postgresURL``).
    public var store = "sqlite"
    public var postgresURL: String?
    /// The `loket` executable that runs the hub (`hub init`, `hub serve`).
    public var executable: String

    public init(executable: String) {
        self.executable = executable
    }
}
