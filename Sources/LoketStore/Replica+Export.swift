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
            if cursor == nil {
                Self.sortInTimeOrder(&changes)
                return Changeset(since: since, upTo: page.changeset.upTo, changes: changes)
            }
        } while true
    }

    /// One page of what a peer whose version vector is `since` lacks: records in key
    /// order, about `limit` changes (a record is never split across pages). Call
    /// again with `next` until it is `nil`. Every page keeps `since` and is marked as a page
    /// of this export (``ExportPageMark``); only the last one carries `upTo`, what this
    /// replica held when the export began — every record is read after that moment, so it
    /// holds at least that. The claim is true only for a receiver that merged every page;
    /// a receiver takes it only then (docs/PROTOCOL.md, "Version vectors").
    public func changes(since: VersionVector, limit: Int, after cursor: ExportCursor?) throws -> ExportPage {
        try translatingDatabaseErrors {
            try pool.read { db in
                let held = try cursor?.held ?? Self.versionVector(in: db)
                // A record whose latest change is no newer than the smallest entry of `since`
                // over the origins this replica knows has nothing to send.
                var origins = try String.fetchAll(db, sql: "SELECT replica FROM loket_version_vector")
                origins.append(id.rawValue)
                let floor = origins.map { text in (try? ReplicaID(text)).map { since[$0].packed } ?? 0 }.min() ?? 0
                let chunk: Int64 = 512
                var after = (cursor?.collection ?? "", cursor?.record ?? "")
                var changes: [Change] = []
                // Collections in byte order, then each one's live rows and tombstones by id:
                // the key order of (collection, record).
                let names = schema.collectionNames.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                for name in names where !name.utf8.lexicographicallyPrecedes(after.0.utf8) {
                    if name != after.0 { after = (name, "") }
                    // A row's state, then its register columns (a tombstone's state is
                    // whole: nulls stand in for them).
                    let registers = CollectionTables.registerFields(schema[name]!)
                    let nulls = String(repeating: ", NULL", count: registers.count)
                    let select = try RawStatement(
                        db,
                        """
                        SELECT id, \(CollectionTables.stateSelection(schema[name]!)) FROM \(CollectionTables.quote(name))
                        WHERE id > ?1 AND \(CollectionTables.maxColumn) > ?2
                        UNION ALL
                        SELECT record, state\(nulls) FROM loket_tombstones
                        WHERE collection = ?3 AND record > ?1 AND max_time > ?2
                        ORDER BY 1 LIMIT ?4
                        """)
                    while true {
                        select.bind(1, after.1)
                        select.bind(2, floor)
                        select.bind(3, name)
                        select.bind(4, chunk)
                        var rows: Int64 = 0
                        while changes.count < max(1, limit), try select.step() {
                            rows += 1
                            let record = select.text(0)
                            after = (name, record)
                            let state = try CollectionTables.decode(
                                select.blob(1), name, record, registers: registers
                            ) { select.registerValue(Int32($0 + 2)) }
                            changes += state.changes(collection: name, recordID: record, since: since)
                        }
                        select.reset()
                        if changes.count >= max(1, limit) {
                            let export = cursor?.export ?? UInt64.random(in: .min ... .max)
                            let number = cursor?.page ?? 0
                            Self.sortInTimeOrder(&changes)
                            return ExportPage(
                                changeset: Changeset(
                                    since: since, upTo: VersionVector(), changes: changes,
                                    page: ExportPageMark(export: export, number: number, isLast: false)),
                                next: ExportCursor(
                                    collection: after.0, record: after.1, held: held, export: export,
                                    page: number + 1))
                        }
                        if rows < chunk { break }
                    }
                }
                // Nothing more: the last page passes on what waits in the quarantine and
                // claims what was held at the start.
                changes += try Self.relayedChanges(db, own: id, since: since)
                Self.sortInTimeOrder(&changes)
                let mark = cursor.map { ExportPageMark(export: $0.export, number: $0.page, isLast: true) }
                return ExportPage(
                    changeset: Changeset(since: since, upTo: held, changes: changes, page: mark),
                    next: nil)
            }
        }
    }

    /// Changes in the order of their times (the changes of one write — one time — stay
    /// together, by record): the binary form stores each time as the difference to the
    /// previous change's, which is one byte in time order and two or three in key order.
    /// The order means nothing to a receiver: merging sorts by record itself. Sorted in
    /// place: a page is large, and a copy of it would double the memory it takes.
    static func sortInTimeOrder(_ changes: inout [Change]) {
        changes.sort { a, b in
            if a.timestamp.time != b.timestamp.time { return a.timestamp.time < b.timestamp.time }
            if a.origin != b.origin { return a.origin < b.origin }
            return a.collection != b.collection ? a.collection < b.collection : a.recordID < b.recordID
        }
    }
}
