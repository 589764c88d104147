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
/// - fields merge by their kind: ``LWWRegister``, ``PNCounter``, ``AddWinsSet`` — the
///   same types the CRDT laws are tested on.
public struct RecordState: Sendable, Hashable {
    /// The record's existence (``CausalLength``: odd alive, even deleted, 0 unknown).
    public internal(set) var existence = CausalLength()
    /// The timestamp of the existence change, `nil` while only implied by field changes.
    public internal(set) var existenceTimestamp: HybridTimestamp?
    /// The record's scope.
    public internal(set) var scope: String = ""
    public internal(set) var registers = SmallMap<String, LWWRegister>()
    public internal(set) var counters = SmallMap<String, PNCounter>()
    public internal(set) var sets = SmallMap<String, AddWinsSet>()

    public init() {}

    /// The record's causal length, its generation.
    public var causalLength: UInt64 { existence.value }

    /// Whether the record exists.
    public var isAlive: Bool { existence.isAlive }

    /// Joins one change; returns whether the state changed. The change must be valid
    /// (``Change/validate()``).
    @discardableResult
    public mutating func apply(_ change: Change) -> Bool {
        let incoming = CausalLength(change.causalLength)
        if incoming < existence { return false }
        var changed = false
        if existence < incoming {
            existence.merge(incoming)
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
            let slot = PNCounter.Slot(increments: increments, decrements: decrements, time: change.timestamp.time)
            changed = counters[field, default: PNCounter()].merge(slot: slot, of: change.origin) || changed
        case .add(let field, let element):
            changed =
                sets[field, default: AddWinsSet()].merge(
                    entry: .init(element: element, tag: change.timestamp),
                    state: .init(removed: false, last: change.timestamp)) || changed
        case .remove(let field, let element, let tag):
            changed =
                sets[field, default: AddWinsSet()].merge(
                    entry: .init(element: element, tag: tag), state: .init(removed: true, last: change.timestamp))
                || changed
        }
        return changed
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
    public func counterValue(_ field: String) -> Int64 { counters[field]?.value ?? 0 }

    /// A set field's elements, sorted by their canonical JSON bytes.
    public func setElements(_ field: String) -> [FieldValue] { sets[field]?.elements ?? [] }

    /// The tags of `element` in a set field that no remove has seen.
    public func liveTags(_ field: String, _ element: FieldValue) -> [HybridTimestamp] {
        sets[field]?.liveTags(of: element) ?? []
    }

    /// The greatest time of any change the state holds.
    public var maximumTime: HybridTime {
        var result = existenceTimestamp?.time ?? .zero
        for (_, register) in registers { result = max(result, register.timestamp.time) }
        for (_, counter) in counters { for (_, slot) in counter.slots { result = max(result, slot.time) } }
        for (_, set) in sets { for state in set.entries.values { result = max(result, state.last.time) } }
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
        for (field, counter) in counters {
            for (replica, slot) in counter.slots {
                emit(
                    HybridTimestamp(time: slot.time, replica: replica),
                    .counter(field: field, increments: slot.increments, decrements: slot.decrements))
            }
        }
        for (field, set) in sets {
            for (entry, state) in set.entries {
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
