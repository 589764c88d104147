/// For each origin replica, the highest hybrid time up to which a replica holds all of
/// that origin's changes (or changes that supersede them).
///
/// A version vector is itself a join-semilattice: `merge` takes the entry-wise maximum,
/// which is idempotent, commutative and associative.
public struct VersionVector: Sendable, Hashable, CustomStringConvertible {
    public private(set) var entries: [ReplicaID: HybridTime]

    public init(_ entries: [ReplicaID: HybridTime] = [:]) {
        self.entries = entries.filter { $0.value != .zero }
    }

    /// The time up to which `replica`'s changes are held; `.zero` when none are.
    public subscript(replica: ReplicaID) -> HybridTime {
        get { entries[replica] ?? .zero }
        set {
            if newValue == .zero { entries[replica] = nil } else { entries[replica] = newValue }
        }
    }

    /// Whether a change with `timestamp` is covered.
    public func includes(_ timestamp: HybridTimestamp) -> Bool { timestamp.time <= self[timestamp.replica] }

    /// Raises `replica`'s entry to `time` if that is higher.
    public mutating func advance(_ replica: ReplicaID, to time: HybridTime) {
        if time > self[replica] { self[replica] = time }
    }

    /// The entry-wise maximum.
    public mutating func merge(_ other: VersionVector) {
        for (replica, time) in other.entries { advance(replica, to: time) }
    }

    /// The entry-wise maximum of two vectors.
    public func merging(_ other: VersionVector) -> VersionVector {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// Whether every entry of `other` is covered by this vector.
    public func dominates(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// The vector as JSON: `{"replica": [milliseconds, counter], …}`, keys sorted.
    public var json: FieldValue {
        var members: [String: FieldValue] = [:]
        for (replica, time) in entries {
            members[replica.rawValue] = time.json
        }
        return .object(members)
    }

    /// Reads the JSON form of ``json``.
    public init(json: FieldValue) throws(VersionVectorFormatError) {
        guard case .object(let members) = json else {
            throw VersionVectorFormatError(
                "a version vector must be a JSON object of replica id → [milliseconds, counter]")
        }
        var entries: [ReplicaID: HybridTime] = [:]
        for (key, value) in members {
            guard let replica = try? ReplicaID(key) else {
                throw VersionVectorFormatError("\"\(key)\" is not a valid replica id")
            }
            guard let time = HybridTime(json: value) else {
                throw VersionVectorFormatError("entry \"\(key)\" must be \(HybridTime.jsonRule)")
            }
            entries[replica] = time
        }
        self.init(entries)
    }

    public var description: String { json.canonicalJSON }
}
