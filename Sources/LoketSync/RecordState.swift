/// The merged CRDT state of one record, in memory: existence and every field.
///
/// This is the reference semantics of a merge; `LoketStore` implements the same rules in
/// SQL. Applying a change is a join in a semilattice, so applying a set of changes gives
/// the same state in any order, with any duplicates:
///
/// - existence: the greatest `(causal length, timestamp, scope)` wins; a field change
///   implies its record exists at the change's causal length (with no timestamp, so the
///   real existence change wins when it arrives);
/// - a change from an older generation (lower causal length) than the record's is
///   superseded and ignored; reaching a higher generation drops the older fields;
/// - fields merge by their kind: ``LWWRegister``, ``PNCounter``, ``AddWinsSet``.
public struct RecordState: Sendable, Hashable {
    /// The record's causal length.
    public private(set) var causalLength: UInt64 = 0
    /// The timestamp of the existence change, `nil` while only implied by field changes.
    public private(set) var existenceTimestamp: HybridTimestamp?
    /// The record's scope.
    public private(set) var scope: String = ""
    public private(set) var registers: [String: LWWRegister] = [:]
    public private(set) var counters: [String: PNCounter] = [:]
    public private(set) var sets: [String: AddWinsSet] = [:]

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
            registers = [:]
            counters = [:]
            sets = [:]
            changed = true
        }
        switch change.operation {
        case .existence:
            if Self.existenceWins(change.timestamp, change.scope, over: existenceTimestamp, scope) {
                existenceTimestamp = change.timestamp
                scope = change.scope
                changed = true
            }
        case .register(let field, let value):
            changed = adoptImpliedScope(change.scope) || changed
            if var register = registers[field] {
                changed = register.assign(value, at: change.timestamp) || changed
                registers[field] = register
            } else {
                registers[field] = LWWRegister(value: value, timestamp: change.timestamp)
                changed = true
            }
        case .counter(let field, let increments, let decrements):
            changed = adoptImpliedScope(change.scope) || changed
            changed =
                counters[field, default: PNCounter()].merge(
                    slot: .init(increments: increments, decrements: decrements), of: change.origin) || changed
        case .add(let field, let element):
            changed = adoptImpliedScope(change.scope) || changed
            changed =
                sets[field, default: AddWinsSet()].merge(
                    entry: .init(element: element, tag: change.timestamp), removed: false) || changed
        case .remove(let field, let element, let tag):
            changed = adoptImpliedScope(change.scope) || changed
            changed = sets[field, default: AddWinsSet()].merge(entry: .init(element: element, tag: tag), removed: true) || changed
        }
        if !isAlive {
            // A field change can only make its generation alive; an existence change to an
            // even length leaves no fields (they belong to an older generation).
            registers = [:]
            counters = [:]
            sets = [:]
        }
        return changed
    }

    /// While existence is only implied, the greatest scope named by a field change holds.
    private mutating func adoptImpliedScope(_ candidate: String) -> Bool {
        guard existenceTimestamp == nil, Self.existenceWins(nil, candidate, over: nil, scope) else { return false }
        scope = candidate
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

    /// The record as its readers see it: `id`, `scope`, and every field of `collection`
    /// (unset registers are `null`, counters `0`, sets `[]` sorted by canonical JSON).
    public func visible(id: String, collection: CollectionSchema) -> FieldValue {
        var members: [String: FieldValue] = ["id": .string(id), "scope": .string(scope)]
        for (field, kind) in collection.fields {
            switch kind {
            case .register: members[field] = registers[field]?.value ?? .null
            case .counter: members[field] = .int(counters[field]?.value ?? 0)
            case .set: members[field] = Self.sortedArray(sets[field]?.elements ?? [])
            }
        }
        return .object(members)
    }

    /// Set elements as a JSON array sorted by their canonical JSON bytes.
    public static func sortedArray(_ elements: some Sequence<FieldValue>) -> FieldValue {
        .array(
            elements.map { ($0.canonicalJSON, $0) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }.map(\.1))
    }
}
