import GRDB
import LoketSync

extension Replica {
    /// Puts every change this replica made that its records still hold — its part of the
    /// current state, deletions included — into the outbox again, in entries of at most
    /// `entryChanges` changes; answers how many changes.
    ///
    /// For a hub restored from a backup: what this replica had pushed after the backup
    /// was taken is in no log any more, and the outbox no longer holds it. Sending its own
    /// part of every record again brings the hub back to what the fleet holds; merging is
    /// idempotent, so what the hub already had changes nothing. The clock does not move
    /// back: the entries carry the replica's current time.
    @discardableResult
    public func resendOwnChanges(entryChanges: Int = 5_000) throws -> Int {
        let own = try changes(since: VersionVector()).changes.filter { $0.origin == id }
        guard !own.isEmpty else { return 0 }
        try translatingDatabaseErrors {
            try pool.write { db in
                let header = try loadHeader(db)
                let now = max(header.clock.last, header.ownTime).packed
                try db.execute(sql: "UPDATE loket_replica SET clock = max(clock, ?)", arguments: [now])
                var start = 0
                while start < own.count {
                    let chunk = Array(own[start..<min(own.count, start + max(1, entryChanges))])
                    let insert = try RawStatement(
                        db, Self.insertOutboxSQL)
                    insert.bind(1, now)
                    insert.bind(2, Int64(chunk.count))
                    insert.bind(3, Changeset(changes: chunk).encoded())
                    try insert.execute()
                    start += chunk.count
                }
            }
        }
        logger.notice("own changes queued again for the hub", metadata: ["resend.changes": "\(own.count)"])
        return own.count
    }
}
