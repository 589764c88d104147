import GRDB
import LoketSync

/// Reads, merges and writes records inside one write transaction.
///
/// Each record's CRDT state is one `RecordState` blob in `loket_records`; changes are
/// applied with `RecordState.apply`, the same code the reference model runs, so the
/// store cannot merge differently. The record being worked on stays in memory until the
/// next record is touched or ``flush()`` runs; then its blob and its row in the
/// collection table are written once, however many changes it took.
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
        var wasAlive: Bool
        var dirty: Bool
    }

    let db: Database
    let schema: Schema
    private let tables: TableWriter
    private var current: Current?
    private var selectState: RawStatement?
    private var saveState: RawStatement?

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
        current!.dirty = false
        current!.wasAlive = record.state.isAlive
        let state = record.state
        if saveState == nil {
            saveState = try RawStatement(
                db,
                """
                INSERT INTO loket_records (collection, record, cl, scope, max_time, state) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (collection, record) DO UPDATE SET
                    cl = excluded.cl, scope = excluded.scope, max_time = excluded.max_time, state = excluded.state
                """)
        }
        let save = saveState!
        save.bind(1, record.key.collection)
        save.bind(2, record.key.record)
        save.bind(3, Int64(state.causalLength))
        save.bind(4, state.scope)
        save.bind(5, state.maximumTime.packed)
        save.bind(6, state.encoded())
        try save.execute()
        try tables.write(record.key, state, wasAlive: record.wasAlive)
    }

    /// Makes `key` the record in memory, writing the previous one first.
    private func focus(_ key: RecordKey) throws {
        if let current, current.key == key { return }
        try flush()
        if selectState == nil {
            selectState = try RawStatement(db, "SELECT state FROM loket_records WHERE collection = ? AND record = ?")
        }
        let select = selectState!
        select.bind(1, key.collection)
        select.bind(2, key.record)
        var state = RecordState()
        if try select.step() {
            let bytes = select.blob(0)
            select.reset()
            do { state = try RecordState(encoded: bytes) } catch {
                throw StoreError(
                    .notAReplica, "the stored state of \(key.collection)/\(key.record) is damaged: \(error)")
            }
        } else {
            select.reset()
        }
        current = Current(key: key, state: state, wasAlive: state.isAlive, dirty: false)
    }
}
