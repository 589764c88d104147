/// What a garbage collection of the hub's log did.
public struct GarbageReport: Sendable, Equatable, CustomStringConvertible {
    /// The horizon before and after.
    public var previousHorizon: Int64
    public var horizon: Int64
    /// Log rows folded into the record states and removed.
    public var foldedRows: Int
    /// Deleted records whose tombstones were dropped.
    public var droppedTombstones: Int
    /// Replay-guard entries forgotten.
    public var forgottenNonces: Int

    public init(
        previousHorizon: Int64 = 0, horizon: Int64 = 0, foldedRows: Int = 0, droppedTombstones: Int = 0,
        forgottenNonces: Int = 0
    ) {
        self.previousHorizon = previousHorizon
        self.horizon = horizon
        self.foldedRows = foldedRows
        self.droppedTombstones = droppedTombstones
        self.forgottenNonces = forgottenNonces
    }

    public var description: String {
        "horizon \(previousHorizon) → \(horizon), \(foldedRows) log rows folded, \(droppedTombstones) tombstones dropped, \(forgottenNonces) nonces forgotten"
    }
}
