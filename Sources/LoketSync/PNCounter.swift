/// A PN-counter: every replica owns one slot with an increment total and a decrement
/// total, both only ever rising, and the time of the slot's latest change.
///
/// `merge` takes the slot-wise maximum of each part: idempotent, commutative and
/// associative. The value is the sum of increments minus the sum of decrements, clamped
/// to `Int64`.
public struct PNCounter: Sendable, Hashable {
    /// The totals of one replica's slot.
    public struct Slot: Sendable, Hashable {
        public var increments: UInt64
        public var decrements: UInt64
        /// When the slot last changed (it travels with the slot so a peer can tell whether
        /// it already has it).
        public var time: HybridTime

        public init(increments: UInt64 = 0, decrements: UInt64 = 0, time: HybridTime = .zero) {
            self.increments = increments
            self.decrements = decrements
            self.time = time
        }

        /// The part-wise maximum of two slots.
        public func joined(with other: Slot) -> Slot {
            Slot(
                increments: max(increments, other.increments), decrements: max(decrements, other.decrements),
                time: max(time, other.time))
        }
    }

    public internal(set) var slots: SmallMap<ReplicaID, Slot>

    public init() { slots = SmallMap() }

    /// The counter's value.
    public var value: Int64 {
        var total: Int128 = 0
        for (_, slot) in slots { total += Int128(slot.increments) - Int128(slot.decrements) }
        return Int64(clamping: total)
    }

    /// Adds `delta` (negative to subtract) in `replica`'s slot at `time`; totals stop at
    /// `UInt64.max` rather than wrap. Returns the new slot.
    @discardableResult
    public mutating func add(_ delta: Int64, at replica: ReplicaID, time: HybridTime = .zero) -> Slot {
        var slot = slots[replica] ?? Slot()
        if delta >= 0 {
            let (sum, overflow) = slot.increments.addingReportingOverflow(UInt64(delta))
            slot.increments = overflow ? .max : sum
        } else {
            let (sum, overflow) = slot.decrements.addingReportingOverflow(delta.magnitude)
            slot.decrements = overflow ? .max : sum
        }
        slot.time = max(slot.time, time)
        slots[replica] = slot
        return slot
    }

    /// Joins one slot as received from `replica`; returns whether anything changed.
    @discardableResult
    public mutating func merge(slot: Slot, of replica: ReplicaID) -> Bool {
        let old = slots[replica]
        let new = old.map { $0.joined(with: slot) } ?? slot
        guard new != old else { return false }
        slots[replica] = new
        return true
    }

    /// Joins another counter into this one.
    public mutating func merge(_ other: PNCounter) {
        for (replica, slot) in other.slots { merge(slot: slot, of: replica) }
    }
}
