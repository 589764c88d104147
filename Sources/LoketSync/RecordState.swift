/// The merged CRDT state of one record: existence and every field, with the timestamps
/// that say which change each part came from.
///
/// This is *the* merge: the store keeps one `RecordState` per record (encoded by
/// ``encoded()``) and applies changes with ``apply(_:)``, so the reference model and the
/// store cannot disagree. Applying a change is a join in a semilattice, so a set of
/// changes gives the same state in any order, with any duplicates:
///
/// - existence: the greatest `(causal length, timestamp, scope)` wins; a field change
///   implies its record exists at the change's causal length (with no timestamp, so the
///   real existence change wins when it arrives; meanwhile the greatest scope named holds);
/// - a change from an older generation (lower causal length) than the record's is
///   superseded and ignored; reaching a higher generation drops the older fields;
/// - registers are last-writer-wins (``LWWRegister``); counters keep one slot per
///   replica, each total merged by maximum; sets are add-wins observed-remove sets whose
///   entries merge by `(removed, last change)`.
public struct RecordState: Sendable, Hashable {
    /// One replica's slot of a counter field, with the time of its latest change.
    public struct CounterSlot: Sendable, Hashable {
        public var increments: UInt64
        public var decrements: UInt64
        public var time: HybridTime
    }

    /// One add of an element to a set field.
    public struct SetEntry: Sendable, Hashable {
        public var element: FieldValue
        public var tag: HybridTimestamp
    }

    /// Whether an add was removed, and the change (the add or a remove) that says so.
    public struct SetEntryState: Sendable, Hashable {
        public var removed: Bool
        public var last: HybridTimestamp

        func beats(_ other: SetEntryState) -> Bool {
            if removed != other.removed { return removed }
            return last > other.last
        }
    }

    /// The record's causal length.
    public internal(set) var causalLength: UInt64 = 0
    /// The timestamp of the existence change, `nil` while only implied by field changes.
    public internal(set) var existenceTimestamp: HybridTimestamp?
    /// The record's scope.
    public internal(set) var scope: String = ""
    public internal(set) var registers = SmallMap<String, LWWRegister>()
    public internal(set) var counters = SmallMap<String, SmallMap<ReplicaID, CounterSlot>>()
    public internal(set) var sets = SmallMap<String, [SetEntry: SetEntryState]>()

    public init() {}

    /// Whether the record exists.
    public var isAlive: Bool { causalLength % 2 == 1 }

    /// Joins one change; returns whether the state changed. The change must be valid
    /// (``Change/validate()``).
    @discardableResult
    public mutating func apply(_ change: Change) -> Bool {
        let cl = change.causalLength
        if cl < causalLength { return false }
        var changed = false
        if cl > causalLength {
            causalLength = cl
            existenceTimestamp = nil
            scope = change.scope
            registers = SmallMap()
            counters = SmallMap()
            sets = SmallMap()
            changed = true
        }
        if case .existence = change.operation {
            if Self.existenceWins(change.timestamp, change.scope, over: existenceTimestamp, scope) {
                existenceTimestamp = change.timestamp
                scope = change.scope
                changed = true
            }
            if !isAlive {
                registers = SmallMap()
                counters = SmallMap()
                sets = SmallMap()
            }
            return changed
        }
        if existenceTimestamp == nil, Self.existenceWins(nil, change.scope, over: nil, scope) {
            scope = change.scope
            changed = true
        }
        switch change.operation {
        case .existence:
            break
        case .register(let field, let value):
            if var register = registers[field] {
                if register.assign(value, at: change.timestamp) {
                    registers[field] = register
                    changed = true
                }
            } else {
                registers[field] = LWWRegister(value: value, timestamp: change.timestamp)
                changed = true
            }
        case .counter(let field, let increments, let decrements):
            let incoming = CounterSlot(increments: increments, decrements: decrements, time: change.timestamp.time)
            if let old = counters[field]?[change.origin] {
                let joined = CounterSlot(
                    increments: max(old.increments, increments), decrements: max(old.decrements, decrements),
                    time: max(old.time, incoming.time))
                if joined != old {
                    counters[field]![change.origin] = joined
                    changed = true
                }
            } else {
                counters[field, default: SmallMap()][change.origin] = incoming
                changed = true
            }
        case .add(let field, let element):
            changed =
                mergeEntry(
                    field, SetEntry(element: element, tag: change.timestamp),
                    .init(removed: false, last: change.timestamp)) || changed
        case .remove(let field, let element, let tag):
            changed =
                mergeEntry(field, SetEntry(element: element, tag: tag), .init(removed: true, last: change.timestamp))
                || changed
        }
        return changed
    }

    private mutating func mergeEntry(_ field: String, _ entry: SetEntry, _ state: SetEntryState) -> Bool {
        if let old = sets[field]?[entry], !state.beats(old) { return false }
        sets[field, default: [:]][entry] = state
        return true
    }

    /// The order of existence changes within one causal length.
    public static func existenceWins(
        _ timestamp: HybridTimestamp?, _ scope: String, over otherTimestamp: HybridTimestamp?, _ otherScope: String
    ) -> Bool {
        switch (timestamp, otherTimestamp) {
        case (nil, .some): return false
        case (.some, nil): return true
        case (.some(let a), .some(let b)) where a != b: return a > b
        default: return otherScope.utf8.lexicographicallyPrecedes(scope.utf8)
        }
    }

    // MARK: Reading

    /// A counter field's value: increments minus decrements over every slot, clamped.
    public func counterValue(_ field: String) -> Int64 {
        PNCounter.value(
            of: (counters[field] ?? SmallMap()).values.map {
                PNCounter.Slot(increments: $0.increments, decrements: $0.decrements)
            })
    }

    /// A set field's elements, sorted by their canonical JSON bytes.
    public func setElements(_ field: String) -> [FieldValue] {
        var seen = Set<FieldValue>()
        for (entry, state) in sets[field] ?? [:] where !state.removed { seen.insert(entry.element) }
        return seen.map { ($0.canonicalJSON, $0) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map(\.1)
    }

    /// The tags of `element` in a set field that no remove has seen.
    public func liveTags(_ field: String, _ element: FieldValue) -> [HybridTimestamp] {
        (sets[field] ?? [:]).compactMap { $0.key.element == element && !$0.value.removed ? $0.key.tag : nil }.sorted()
    }

    /// The greatest time of any change the state holds.
    public var maximumTime: HybridTime {
        var result = existenceTimestamp?.time ?? .zero
        for register in registers.values { result = max(result, register.timestamp.time) }
        for slots in counters.values { for slot in slots.values { result = max(result, slot.time) } }
        for entries in sets.values { for state in entries.values { result = max(result, state.last.time) } }
        return result
    }

    /// The record as its readers see it: `id`, `scope`, and every field of `collection`
    /// (unset registers are `null`, counters `0`, sets `[]` sorted by canonical JSON).
    public func visible(id: String, collection: CollectionSchema) -> FieldValue {
        var members: [String: FieldValue] = ["id": .string(id), "scope": .string(scope)]
        for (field, kind) in collection.fields {
            switch kind {
            case .register: members[field] = registers[field]?.value ?? .null
            case .counter: members[field] = .int(counterValue(field))
            case .set: members[field] = .array(setElements(field))
            }
        }
        return .object(members)
    }

    // MARK: Exporting

    /// The changes that rebuild this state on a replica that holds `since`: every part
    /// whose change is newer than `since` for its origin. Existence comes first.
    public func changes(collection: String, recordID: String, since: VersionVector) -> [Change] {
        var out: [Change] = []
        func emit(_ timestamp: HybridTimestamp, _ operation: ChangeOperation) {
            guard !since.includes(timestamp) else { return }
            out.append(
                Change(
                    collection: collection, recordID: recordID, scope: scope, causalLength: causalLength,
                    timestamp: timestamp, operation: operation))
        }
        if let existenceTimestamp { emit(existenceTimestamp, .existence) }
        for (field, register) in registers { emit(register.timestamp, .register(field: field, value: register.value)) }
        for (field, slots) in counters {
            for (replica, slot) in slots {
                emit(
                    HybridTimestamp(time: slot.time, replica: replica),
                    .counter(field: field, increments: slot.increments, decrements: slot.decrements))
            }
        }
        for (field, entries) in sets {
            for (entry, state) in entries {
                emit(
                    state.last,
                    state.removed
                        ? .remove(field: field, element: entry.element, tag: entry.tag)
                        : .add(field: field, element: entry.element))
            }
        }
        return out
    }
}
