extension RecordState {
    /// The state with `replica`'s own parts restamped: every timestamp of `replica` that
    /// `map` answers for gets the answer's time — the existence, registers, its counter
    /// slot, the tags of its adds and the changes of its adds and removes.
    ///
    /// This is not a merge: it rewrites history, and only a replica's own parts that no
    /// other replica has taken may be rewritten so (a clock that ran ahead: changes the
    /// hub refused, see ``HybridLogicalClock``). Values stay what they were.
    public func restamping(_ replica: ReplicaID, _ map: (HybridTime) -> HybridTime?) -> RecordState {
        func stamp(_ timestamp: HybridTimestamp) -> HybridTimestamp {
            guard timestamp.replica == replica, let time = map(timestamp.time) else { return timestamp }
            return HybridTimestamp(time: time, replica: replica)
        }
        var out = self
        out.existenceTimestamp = existenceTimestamp.map(stamp)
        var registers = SmallMap<String, LWWRegister>()
        for (field, register) in self.registers {
            registers.appendInOrder(field, LWWRegister(value: register.value, timestamp: stamp(register.timestamp)))
        }
        out.registers = registers
        var counters = SmallMap<String, PNCounter>()
        for (field, counter) in self.counters {
            var copy = counter
            if var slot = counter.slots[replica], let time = map(slot.time) {
                slot.time = time
                copy.slots[replica] = slot
            }
            counters.appendInOrder(field, copy)
        }
        out.counters = counters
        var sets = SmallMap<String, AddWinsSet>()
        for (field, set) in self.sets {
            var copy = AddWinsSet()
            for (entry, state) in set.entries {
                copy.entries[AddWinsSet.Entry(element: entry.element, tag: stamp(entry.tag))] = AddWinsSet.EntryState(
                    removed: state.removed, last: stamp(state.last))
            }
            sets.appendInOrder(field, copy)
        }
        out.sets = sets
        return out
    }

    /// Every time of `replica` the state holds.
    public func times(of replica: ReplicaID) -> [HybridTime] {
        var out: [HybridTime] = []
        func note(_ timestamp: HybridTimestamp?) {
            if let timestamp, timestamp.replica == replica { out.append(timestamp.time) }
        }
        note(existenceTimestamp)
        for (_, register) in registers { note(register.timestamp) }
        for (_, counter) in counters { if let slot = counter.slots[replica] { out.append(slot.time) } }
        for (_, set) in sets {
            for (entry, state) in set.entries {
                note(entry.tag)
                note(state.last)
            }
        }
        return out
    }
}

extension RecordState {
    /// The greatest time of any part at or below `bound`.
    public func maximumTimeWithin(_ bound: HybridTime) -> HybridTime {
        var result = HybridTime.zero
        func note(_ time: HybridTime) { if time <= bound, time > result { result = time } }
        if let existenceTimestamp { note(existenceTimestamp.time) }
        for (_, register) in registers { note(register.timestamp.time) }
        for (_, counter) in counters { for (_, slot) in counter.slots { note(slot.time) } }
        for (_, set) in sets {
            for (entry, state) in set.entries {
                note(entry.tag.time)
                note(state.last.time)
            }
        }
        return result
    }
}
