import Foundation
import GRDB
import LoketSync

extension Replica {
    /// The reason code of a change whose clock was too far ahead of this replica's.
    static let clockDriftCode = "clock-drift"

    /// Whether a change quarantined for `code` counts as held: kept here and passed on in
    /// every export (``relayedChanges(_:since:)``), so the version vector may cover it.
    /// A change from a clock too far ahead is not relayed: it holds the vector back at it
    /// instead, so peers send it again until it can be applied (a malformed one cannot
    /// travel at all).
    static func isRelayed(_ code: String) -> Bool { code != clockDriftCode && code != "malformed" }

    /// Keeps a refused change with its reason; a change quarantined before stays once.
    static func quarantine(_ db: Database, _ change: Change, code: String, reason: String, wall: UInt64) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO loket_quarantine (received_at, reason_code, reason, payload, origin, time)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                Int64(clamping: wall), code, reason, Data(Changeset(changes: [change]).encoded()),
                change.origin.rawValue, change.timestamp.time.packed,
            ])
    }

    /// Applies the changes quarantined for clock drift whose time the clock has reached
    /// (within the drift bound of `wall`); they leave the quarantine.
    func releaseClockDrift(_ db: Database, records: RecordStore, clock: inout HybridLogicalClock, wall: UInt64)
        throws -> MergeReport
    {
        let (bound, overflow) = wall.addingReportingOverflow(configuration.maximumDriftMilliseconds)
        let limit = overflow ? Int64.max : (HybridTime(milliseconds: bound, counter: .max)?.packed ?? Int64.max)
        let rows = try Row.fetchAll(
            db, sql: "SELECT id, payload FROM loket_quarantine WHERE reason_code = ? AND time <= ? ORDER BY id",
            arguments: [Self.clockDriftCode, limit])
        var total = MergeReport()
        for row in rows {
            guard let changeset = try? Changeset(binary: [UInt8](row[1] as Data)) else { continue }
            let report = try apply([changeset], records: records, clock: &clock, wall: wall).report
            if report.quarantined == 0 {
                try db.execute(sql: "DELETE FROM loket_quarantine WHERE id = ?", arguments: [row[0] as Int64])
            }
            total += report
        }
        if !rows.isEmpty {
            logger.info(
                "changes from a clock that was ahead applied now", metadata: ["merge.applied": "\(total.applied)"])
        }
        return total
    }

    /// The quarantined changes an export passes on: those held for a reason other than
    /// clock drift, made by other replicas, newer than `since` for their origin.
    static func relayedChanges(_ db: Database, own: ReplicaID, since: VersionVector) throws -> [Change] {
        var out: [Change] = []
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT reason_code, payload FROM loket_quarantine
                WHERE reason_code NOT IN (?, 'malformed') AND origin <> ? ORDER BY id
                """, arguments: [clockDriftCode, own.rawValue])
        for row in rows {
            guard let change = try? Changeset(binary: [UInt8](row[1] as Data)).changes.first,
                !since.includes(change.timestamp)
            else { continue }
            out.append(change)
        }
        return out
    }

    /// Holds each origin's entry of `vector` below its earliest change quarantined for
    /// clock drift: this replica does not hold that change yet, so peers must send it again.
    static func holdBack(_ vector: inout VersionVector, in db: Database, own: ReplicaID) throws {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT origin, min(time) FROM loket_quarantine
                WHERE reason_code = ? AND origin <> ? AND origin <> '' GROUP BY origin
                """, arguments: [clockDriftCode, own.rawValue])
        for row in rows {
            guard let origin = try? ReplicaID(row[0] as String), let earliest = HybridTime(packed: row[1]) else {
                continue
            }
            let below =
                earliest.counter > 0
                ? HybridTime(milliseconds: earliest.milliseconds, counter: earliest.counter - 1)
                : earliest.milliseconds > 0
                    ? HybridTime(milliseconds: earliest.milliseconds - 1, counter: .max) : HybridTime.zero
            if let below, vector[origin] > below { vector[origin] = below }
        }
    }
}
