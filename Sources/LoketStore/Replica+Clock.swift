import Foundation
import GRDB
import LoketSync

extension Replica {
    /// Offsets below this are noise (the time a request takes), not a wrong clock.
    static let offsetTolerance: Int64 = 1_000

    /// Records what the hub said of the time: its clock read `hubMilliseconds` when this
    /// replica's wall clock read `hubMilliseconds + offsetMilliseconds`. From then on writes
    /// are stamped with the corrected wall clock (an offset within a second counts as none),
    /// and a hybrid clock that ran beyond the drift bound of the hub's time is wound back
    /// (see ``rewindIfAhead(_:_:wall:)``).
    @discardableResult
    public func setClockReference(hubMilliseconds: UInt64, offsetMilliseconds: Int64) throws -> ClockReference {
        let offset = abs(offsetMilliseconds) < Self.offsetTolerance ? 0 : offsetMilliseconds
        return try translatingDatabaseErrors {
            try pool.write { db in
                try db.execute(
                    sql: "UPDATE loket_replica SET clock_offset = ?, good_time = max(good_time, ?)",
                    arguments: [offset, Int64(clamping: hubMilliseconds)])
                var header = try loadHeader(db)
                let restamped = try rewindIfAhead(
                    db, &header, wall: header.corrected(configuration.wallClock.nowMilliseconds()))
                return ClockReference(
                    offsetMilliseconds: header.clockOffset, goodMilliseconds: header.goodTime, last: header.clock.last,
                    restamped: restamped)
            }
        }
    }

    /// What this replica knows of its clock.
    public func clockReference() throws -> ClockReference {
        try translatingDatabaseErrors {
            try pool.read { db in
                let header = try loadHeader(db)
                return ClockReference(
                    offsetMilliseconds: header.clockOffset, goodMilliseconds: header.goodTime, last: header.clock.last,
                    restamped: 0)
            }
        }
    }

    /// The highest time this replica may stamp now: the drift bound past the later of the
    /// (corrected) wall clock and the last time the hub confirmed. A wall clock that jumps
    /// back never pulls the bound below a time known to have passed.
    func stampBound(_ header: Header, wall: UInt64) -> HybridTime {
        let base = max(wall, header.goodTime)
        let (bound, overflow) = base.addingReportingOverflow(configuration.maximumDriftMilliseconds)
        return HybridTime(milliseconds: overflow ? HybridTime.maximumMilliseconds : bound, counter: .max)
            ?? HybridTime(milliseconds: HybridTime.maximumMilliseconds, counter: .max)!
    }

    /// Winds a clock back that ran beyond ``stampBound(_:wall:)`` — the wall clock jumped
    /// ahead, stamped writes, and was put right (or the hub said it was wrong). Every own
    /// part stamped beyond the bound is restamped with fresh times after every other time
    /// the replica holds (so it still wins what it won), in the order it was made; the
    /// outbox entries and hub refusals that carried those changes give way to one entry
    /// carrying the restamped ones; the clock and the own time come back within the bound.
    /// Nothing another replica took can lie beyond the bound: the hub refuses such changes,
    /// and a peer keeps them out of its vector until its clock gets there. Returns how
    /// many parts were restamped (0, doing nothing, when the clock is within the bound).
    @discardableResult
    func rewindIfAhead(_ db: Database, _ header: inout Header, wall: UInt64) throws -> Int {
        let bound = stampBound(header, wall: wall)
        guard header.clock.last > bound else { return 0 }
        var states: [(key: RecordKey, location: TableWriter.Location, state: RecordState)] = []
        var future = Set<HybridTime>()
        var legit = HybridTime(milliseconds: min(wall, HybridTime.maximumMilliseconds), counter: 0) ?? .zero
        /// Rows of a record id, then its state and, for a table, its register columns.
        func take(_ rows: [Row], _ collection: (Row) -> String, _ location: TableWriter.Location) throws {
            for row in rows {
                let key = RecordKey(collection: collection(row), record: row[0])
                let registers =
                    location == .table ? schema[key.collection].map(CollectionTables.registerFields) ?? [] : []
                let state = try CollectionTables.decode(row, at: 1, key.collection, key.record, registers: registers)
                states.append((key, location, state))
                for time in state.times(of: id) where time > bound { future.insert(time) }
            }
        }
        // Fresh times start after every time held within the bound.
        func note(_ packed: Int64?) {
            if let packed, let time = HybridTime(packed: packed) { legit = max(legit, time) }
        }
        for name in schema.collectionNames {
            let table = CollectionTables.quote(name)
            let state = CollectionTables.stateSelection(schema[name]!)
            let newest = CollectionTables.maxColumn
            try take(
                Row.fetchAll(
                    db, sql: "SELECT id, \(state) FROM \(table) WHERE \(newest) > ?", arguments: [bound.packed]),
                { _ in name }, .table)
            note(
                try Int64.fetchOne(
                    db, sql: "SELECT max(\(newest)) FROM \(table) WHERE \(newest) <= ?", arguments: [bound.packed]))
        }
        try take(
            Row.fetchAll(
                db, sql: "SELECT record, state, collection FROM loket_tombstones WHERE max_time > ?",
                arguments: [bound.packed]),
            { $0[2] }, .tombstone)
        note(
            try Int64.fetchOne(
                db, sql: "SELECT max(max_time) FROM loket_tombstones WHERE max_time <= ?", arguments: [bound.packed]))
        for (_, _, state) in states {
            for time in state.times(of: id) where time <= bound { legit = max(legit, time) }
            legit = max(legit, state.maximumTimeWithin(bound))
        }
        var clock = HybridLogicalClock(replica: id, last: legit)
        var mapping: [HybridTime: HybridTime] = [:]
        for time in future.sorted() { mapping[time] = clock.tick(wallMilliseconds: legit.milliseconds).time }
        let freshTimes = Set(mapping.values)
        let tables = TableWriter(db: db, sql: tableSQL)
        var restamped: [Change] = []
        for (key, location, state) in states {
            let rewritten = state.restamping(id) { mapping[$0] }
            guard rewritten != state else { continue }
            // A part from another clock ahead may win now where the own one did: the row follows.
            try tables.write(key, rewritten, was: location)
            restamped += rewritten.changes(
                collection: key.collection, recordID: key.record, since: VersionVector([id: legit])
            ).filter { $0.origin == id && freshTimes.contains($0.timestamp.time) }
        }
        // The changes stamped beyond the bound leave the outbox and the hub's refusals; the
        // hub may have seen their entries' numbers, so those are spent.
        try db.execute(
            sql: """
                UPDATE loket_replica SET outbox_spent = max(outbox_spent, ifnull((SELECT max(seq) FROM loket_outbox), 0))
                """)
        try db.execute(sql: "DELETE FROM loket_outbox WHERE time > ?", arguments: [bound.packed])
        try db.execute(
            sql: "DELETE FROM loket_quarantine WHERE origin = ? AND time > ?", arguments: [id.rawValue, bound.packed])
        let last = clock.last
        if !restamped.isEmpty {
            let insert = try RawStatement(db, Self.insertOutboxSQL)
            insert.bind(1, last.packed)
            insert.bind(2, Int64(restamped.count))
            insert.bind(3, Changeset(changes: restamped).encoded())
            try insert.execute()
        }
        try db.execute(sql: "UPDATE loket_replica SET clock = ?, own_time = ?", arguments: [last.packed, last.packed])
        logger.warning(
            "the clock had run ahead of the drift bound; own changes stamped beyond it were stamped again",
            metadata: [
                "clock.ahead_ms": "\(header.clock.last.milliseconds - min(header.clock.last.milliseconds, wall))",
                "clock.restamped": "\(restamped.count)",
            ])
        header = try loadHeader(db)
        return restamped.count
    }

    /// Puts own changes the hub refused for clock drift — and that are within the stamp
    /// bound now — back into the outbox, so the next push offers them again (the hub's
    /// refusal was temporary: its clock had not got there yet). Answers how many.
    @discardableResult
    public func requeueClockRefusals() throws -> Int {
        try translatingDatabaseErrors {
            try pool.write { db in
                let header = try loadHeader(db)
                let bound = stampBound(header, wall: header.corrected(configuration.wallClock.nowMilliseconds()))
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, payload FROM loket_quarantine
                        WHERE origin = ? AND reason_code = ? AND time <= ? ORDER BY time, id
                        """, arguments: [id.rawValue, Self.clockDriftCode, bound.packed])
                let changes = rows.compactMap { try? Changeset(binary: [UInt8]($0[1] as Data)).changes.first }
                guard !changes.isEmpty else { return 0 }
                for row in rows {
                    try db.execute(sql: "DELETE FROM loket_quarantine WHERE id = ?", arguments: [row[0] as Int64])
                }
                let now = max(header.clock.last, header.ownTime)
                let insert = try RawStatement(
                    db, Self.insertOutboxSQL)
                insert.bind(1, now.packed)
                insert.bind(2, Int64(changes.count))
                insert.bind(3, Changeset(changes: changes).encoded())
                try insert.execute()
                return changes.count
            }
        }
    }
}
