public import GRDB
public import LoketSync

/// Local writes inside one SQLite transaction: see ``Replica/write(_:)``.
///
/// Each `put` or `delete` takes one tick of the replica's hybrid logical clock, turns
/// into changes, and is applied exactly as a remote change would be. When the body
/// returns, the changes go into the outbox in the same transaction.
public struct WriteTransaction {
    let records: RecordStore
    let replica: ReplicaID
    var clock: HybridLogicalClock
    let wallClock: any WallClock
    /// The changes made so far in this transaction.
    public private(set) var changes: [Change] = []
    /// Settings written with the transaction's records (a `nil` value removes the key).
    public private(set) var settings: [String: String?] = [:]

    init(records: RecordStore, replica: ReplicaID, clock: HybridLogicalClock, wallClock: any WallClock) {
        self.records = records
        self.replica = replica
        self.clock = clock
        self.wallClock = wallClock
    }

    private var schema: Schema { records.schema }

    /// The collection whose records are written once: the audit log.
    static let appendOnlyCollection = "audit"

    /// Reads the collection tables inside this transaction, what it wrote so far included:
    /// a check and the write it allows happen in one transaction, so no other writer of
    /// the replica comes between them.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try records.flush()
        return try body(records.db)
    }

    /// Writes settings in this transaction: they change together with its records.
    public mutating func setSettings(_ values: [String: String?]) {
        for (key, value) in values { settings[key] = value }
    }

    /// Creates or updates a record.
    ///
    /// - Parameters:
    ///   - collection: a declared collection.
    ///   - id: the record id (1–200 bytes, no control characters).
    ///   - scope: for a new record, its scope (default `fleet`); for an existing one it
    ///     must match, or be `nil`.
    ///   - update: the fields to set, counters to change, and set elements to add or remove.
    /// - Returns: the changes the write made.
    @discardableResult
    public mutating func put(_ collection: String, id: String, scope: String? = nil, _ update: RecordUpdate)
        throws -> [Change]
    {
        // Ids and texts are kept in NFC (docs/PROTOCOL.md, "Identity").
        let id = id.nfc
        guard let table = schema[collection] else {
            throw StoreError(
                .unknownCollection,
                "unknown collection \"\(collection)\"; known: \(schema.collectionNames.joined(separator: ", "))")
        }
        do {
            try RecordID.validate(id)
            if let scope { try Scope.validate(scope) }
        } catch { throw StoreError(.invalidIdentifier, error.description) }
        let update = try checked(update, in: table)

        let existing = try records.state(RecordKey(collection: collection, record: id))
        if collection == Self.appendOnlyCollection, existing != nil {
            throw StoreError(
                .appendOnly, "\(collection)/\(id) is an audit entry: entries are appended, never changed or deleted")
        }
        let live = existing?.isAlive == true ? existing : nil
        // A record keeps its scope, alive or deleted: the hub refuses one in another scope
        // than the one it was created in (`foreign-record`), so a move here would only leave
        // the terminal different from the fleet.
        if let existing, let scope, scope != existing.scope {
            throw StoreError(
                .scopeMismatch,
                "\(collection)/\(id) \(live == nil ? "was deleted" : "is") in scope \(existing.scope), not \(scope); a record keeps its scope, also when it is re-created (use another id for a record of \(scope))"
            )
        }
        let recordScope = existing?.scope ?? scope ?? Scope.fleet
        let timestamp = clock.tick(wallMilliseconds: wallClock.nowMilliseconds())
        var made: [Change] = []
        let causalLength: UInt64
        if let live {
            causalLength = live.causalLength
        } else {
            var existence = existing?.existence ?? CausalLength()
            existence.create()
            causalLength = existence.value
            made.append(change(collection, id, recordScope, causalLength, timestamp, .existence))
        }
        for field in update.set.keys.sorted() {
            made.append(
                change(
                    collection, id, recordScope, causalLength, timestamp,
                    .register(field: field, value: update.set[field]!)))
        }
        for field in update.increment.keys.sorted() where update.increment[field] != 0 {
            let delta = update.increment[field]!
            let slot = live?.counters[field]?.slots[replica]
            var increments = slot?.increments ?? 0
            var decrements = slot?.decrements ?? 0
            let (total, overflow) =
                delta >= 0
                ? increments.addingReportingOverflow(UInt64(delta))
                : decrements.addingReportingOverflow(delta.magnitude)
            guard !overflow, total <= UInt64(Int64.max) else {
                throw StoreError(
                    .invalidValue, "counter \(collection).\(field) of \(id) would pass 2^63 - 1 in this replica's slot")
            }
            if delta >= 0 { increments = total } else { decrements = total }
            made.append(
                change(
                    collection, id, recordScope, causalLength, timestamp,
                    .counter(field: field, increments: increments, decrements: decrements)))
        }
        if let live {
            for field in update.remove.keys.sorted() {
                for element in update.remove[field]! {
                    for tag in live.liveTags(field, element) {
                        made.append(
                            change(
                                collection, id, recordScope, causalLength, timestamp,
                                .remove(field: field, element: element, tag: tag)))
                    }
                }
            }
        }
        for field in update.add.keys.sorted() {
            for element in update.add[field]! {
                made.append(
                    change(collection, id, recordScope, causalLength, timestamp, .add(field: field, element: element)))
            }
        }
        for change in made { _ = try records.apply(change) }
        changes.append(contentsOf: made)
        return made
    }

    /// Deletes a live record. Deleting wins over concurrent field writes to the same
    /// generation; a later `put` re-creates the record with fresh fields.
    @discardableResult
    public mutating func delete(_ collection: String, id: String) throws -> Change {
        let id = id.nfc
        guard schema[collection] != nil else {
            throw StoreError(.unknownCollection, "unknown collection \"\(collection)\"")
        }
        guard let existing = try records.state(RecordKey(collection: collection, record: id)), existing.isAlive else {
            throw StoreError(.noSuchRecord, "\(collection)/\(id) does not exist")
        }
        guard collection != Self.appendOnlyCollection else {
            throw StoreError(
                .appendOnly, "\(collection)/\(id) is an audit entry: entries are appended, never changed or deleted")
        }
        let timestamp = clock.tick(wallMilliseconds: wallClock.nowMilliseconds())
        var existence = existing.existence
        existence.delete()
        let made = change(collection, id, existing.scope, existence.value, timestamp, .existence)
        _ = try records.apply(made)
        changes.append(made)
        return made
    }

    private func change(
        _ collection: String, _ id: String, _ scope: String, _ cl: UInt64, _ timestamp: HybridTimestamp,
        _ operation: ChangeOperation
    ) -> Change {
        Change(
            collection: collection, recordID: id, scope: scope, causalLength: cl, timestamp: timestamp,
            operation: operation)
    }

    /// The update with its fields checked against the collection and its values against
    /// ``ValueRules`` — the rule both decoders apply — and every text in NFC.
    private func checked(_ update: RecordUpdate, in table: CollectionSchema) throws -> RecordUpdate {
        func check(_ field: String, _ kind: FieldKind, _ verb: String) throws {
            guard let declared = table.fields[field] else {
                throw StoreError(
                    .unknownField,
                    "unknown field \"\(field)\" in \(table.name); fields: \(table.fieldNames.joined(separator: ", "))")
            }
            guard declared == kind else {
                throw StoreError(.kindMismatch, "\(table.name).\(field) is a \(declared) field; cannot \(verb) it")
            }
        }
        let rules = ValueRules()
        func value(_ value: FieldValue, _ field: String) throws -> FieldValue {
            do { return try rules.check(value) } catch {
                throw StoreError(.invalidValue, "\(table.name).\(field): \(error)")
            }
        }
        var out = update
        for (field, item) in update.set {
            try check(field, .register, "set")
            out.set[field] = try value(item, field)
        }
        for field in update.increment.keys { try check(field, .counter, "increment") }
        for (field, elements) in update.add {
            try check(field, .set, "add to")
            out.add[field] = try elements.map { try value($0, field) }
        }
        for (field, elements) in update.remove {
            try check(field, .set, "remove from")
            out.remove[field] = try elements.map { try value($0, field) }
        }
        return out
    }
}
