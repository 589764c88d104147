import GRDB
public import LoketSync

extension Replica {
    /// What a peer whose version vector is `since` lacks, in one changeset: every part of
    /// every record whose change is newer than `since` for its origin (or the change that
    /// superseded it). `upTo` is what this replica held.
    public func changes(since: VersionVector) throws -> Changeset {
        var changes: [Change] = []
        var cursor: ExportCursor?
        repeat {
            let page = try self.changes(since: since, limit: 50_000, after: cursor)
            changes += page.changeset.changes
            cursor = page.next
            if cursor == nil { return Changeset(since: since, upTo: page.changeset.upTo, changes: changes) }
        } while true
    }

    /// One page of what a peer whose version vector is `since` lacks: records in key
    /// order, about `limit` changes (a record is never split across pages). Call
    /// again with `next` until it is `nil`. Every page keeps `since`; only the last one
    /// carries `upTo`, what this replica held when the export began — every record is read
    /// after that moment, so it holds at least that. A receiver must therefore merge
    /// every page before the last one's claim is true: apply them in order.
    public func changes(since: VersionVector, limit: Int, after cursor: ExportCursor?) throws -> ExportPage {
        try translatingDatabaseErrors {
            try pool.read { db in
                let held = try cursor?.held ?? Self.versionVector(in: db)
                // A record whose latest change is no newer than the smallest entry of `since`
                // over the origins this replica knows has nothing to send.
                var origins = try String.fetchAll(db, sql: "SELECT replica FROM loket_version_vector")
                origins.append(id.rawValue)
                let floor = origins.map { text in (try? ReplicaID(text)).map { since[$0].packed } ?? 0 }.min() ?? 0
                let select = try RawStatement(
                    db,
                    """
                    SELECT collection, record, state FROM loket_records
                    WHERE (collection, record) > (?, ?) AND max_time > ? ORDER BY collection, record LIMIT ?
                    """)
                let chunk: Int64 = 512
                var after = (cursor?.collection ?? "", cursor?.record ?? "")
                var changes: [Change] = []
                while changes.count < max(1, limit) {
                    select.bind(1, after.0)
                    select.bind(2, after.1)
                    select.bind(3, floor)
                    select.bind(4, chunk)
                    var rows: Int64 = 0
                    while changes.count < max(1, limit), try select.step() {
                        rows += 1
                        let collection = select.text(0)
                        let record = select.text(1)
                        after = (collection, record)
                        let state = try CollectionTables.decode(select.blob(2), collection, record)
                        changes += state.changes(collection: collection, recordID: record, since: since)
                    }
                    select.reset()
                    if rows < chunk && changes.count < max(1, limit) {
                        // Nothing more: the last page passes on what waits in the quarantine
                        // and claims what was held at the start.
                        changes += try Self.relayedChanges(db, own: id, since: since)
                        let mark = cursor.map { ExportPageMark(export: $0.export, number: $0.page, isLast: true) }
                        return ExportPage(
                            changeset: Changeset(since: since, upTo: held, changes: changes, page: mark), next: nil)
                    }
                }
                let export = cursor?.export ?? UInt64.random(in: .min ... .max)
                let number = cursor?.page ?? 0
                return ExportPage(
                    changeset: Changeset(
                        since: since, upTo: VersionVector(), changes: changes,
                        page: ExportPageMark(export: export, number: number, isLast: false)),
                    next: ExportCursor(
                        collection: after.0, record: after.1, held: held, export: export, page: number + 1))
            }
        }
    }
}
