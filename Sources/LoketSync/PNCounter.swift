/// A PN-counter: every replica owns one slot with an increment total and a decrement
/// total, both only ever rising.
///
/// `merge` takes the slot-wise maximum: idempotent, commutative and associative. The
/// value is the sum of increments minus the sum of decrements, clamped to `Int64`.
public struct PNCounter: Sendable, Hashable {
    /// The totals of one replica's slot.
    public struct Slot: Sendable, Hashable {
        public var increments: UInt64
        public var decrements: UInt64

        public init(increments: UInt64 = 0, decrements: UInt64 = 0) {
            self.increments = increments
            self.decrements = decrements
        }

        /// The slot-wise maximum of two slots.
        public func joined(with other: Slot) -> Slot {
            Slot(increments: max(increments, other.increments), decrements: max(decrements, other.decrements))
        }
    }

    public private(set) var slots: [ReplicaID: Slot]

    public init(slots: [ReplicaID: Slot] = [:]) { self.slots = slots }

    /// The counter's value.
    public var value: Int64 { Self.value(of: slots.values) }

    /// The value of a set of slots: increments minus decrements, clamped to `Int64`.
    public static func value(of slots: some Sequence<Slot>) -> Int64 {
        var total: Int128 = 0
        for slot in slots { total += Int128(slot.increments) - Int128(slot.decrements) }
        return Int64(clamping: total)
    }

    /// Adds `delta` (negative to subtract) in `replica`'s slot and returns the new slot.
    @discardableResult
    public mutating func add(_ delta: Int64, at replica: ReplicaID) -> Slot {
        var slot = slots[replica, default: Slot()]
        if delta >= 0 {
            slot.increments =
                slot.increments.addingReportingOverflow(UInt64(delta)).overflow
                ? .max : slot.increments + UInt64(delta)
        } else {
            slot.decrements =
                slot.decrements.addingReportingOverflow(delta.magnitude).overflow
                ? .max : slot.decrements + delta.magnitude
        }
        slots[replica] = slot
        return slot
    }

    /// Joins one slot as received from `replica`; returns whether anything changed.
    @discardableResult
    public mutating func merge(slot: Slot, of replica: ReplicaID) -> Bool {
        let old = slots[replica]
        let new = old.map { $0.joined(with: slot) } ?? slot
        slots[replica] = new
        return new != old
    }

    /// Joins another counter into this one.
    public mutating func merge(_ other: PNCounter) {
        for (replica, slot) in other.slots { merge(slot: slot, of: replica) }
    }
}
