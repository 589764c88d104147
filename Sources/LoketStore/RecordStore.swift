import GRDB
import LoketSync

/// Reads, merges and writes records inside one write transaction.
///
/// Each record's CRDT state is one `RecordState` blob kept in its own row of its
/// collection table (`_crdt`), or in `loket_tombstones` once deleted; changes are applied
/// with `RecordState.apply`, the same code the reference model runs, so the store cannot
/// merge differently. The record being worked on stays in memory until the next record is
/// touched or ``flush()`` runs; then its row — columns and state together — is written
/// once, however many changes it took.
final class RecordStore {
    /// What applying one change did.
    enum Outcome: Equatable {
        /// The change was new and changed the state.
        case applied
        /// The state already held the change, or something that supersedes it.
        case unchanged
    }

    private struct Current {
        var key: RecordKey
        var state: RecordState
        var location: TableWriter.Location
        /// The scope the stored row holds (when kept in the table).
        var storedScope: String?
        var dirty: Bool
    }

    let db: Database
    let schema: Schema
    private let tables: TableWriter
    private var current: Current?

    init(db: Database, schema: Schema, tableSQL: [String: TableWriter.TableSQL]) {
        self.db = db
        self.schema = schema
        tables = TableWriter(db: db, sql: tableSQL)
    }

    /// The record's state, or `nil` if this replica never heard of it.
    func state(_ key: RecordKey) throws -> RecordState? {
        try focus(key)
        let state = current!.state
        return state.causalLength == 0 ? nil : state
    }

    /// Applies a change that was validated and whose collection is declared.
    func apply(_ change: Change) throws -> Outcome {
        try focus(RecordKey(collection: change.collection, record: change.recordID))
        guard current!.state.apply(change) else { return .unchanged }
        current!.dirty = true
        return .applied
    }

    /// Writes the record in memory, if it changed.
    func flush() throws {
        guard let record = current, record.dirty else { return }
        try tables.write(record.key, record.state, was: record.location, storedScope: record.storedScope)
        current!.dirty = false
        current!.location = record.state.isAlive ? .table : .tombstone
        current!.storedScope = record.state.isAlive ? record.state.scope : nil
    }

    /// Makes `key` the record in memory, writing the previous one first.
    private func focus(_ key: RecordKey) throws {
        if let current, current.key == key { return }
        try flush()
        let (stored, location) = try tables.read(key)
        let state = stored ?? RecordState()
        current = Current(
            key: key, state: state, location: location, storedScope: location == .table ? state.scope : nil,
            dirty: false)
    }
}
