/// The compact binary form of a ``RecordState``, as the store keeps it (one blob per
/// record). Not a wire format: replicas exchange changes, never states.
extension RecordState {
    static let binaryVersion: UInt8 = 1
    /// Version 2 is kept beside a table row's columns (``encoded(columns:)``). A register
    /// is written as `k`, then `m`: `k` is 1 + the field's place in the row's register
    /// columns, or 0 followed by the field's name when the row has no column for it; `m` is
    /// the origin's index × 4, + 2 when the time is the previous register's (and is not
    /// written again), + 1 when the value is the column's (and is not written here).
    static let columnsVersion: UInt8 = 2

    /// The state as bytes, whole (version 1).
    public func encoded() -> [UInt8] {
        encoded(version: Self.binaryVersion, columns: [])
    }

    /// The state as bytes for a table row with a column per register field in `columns`
    /// (sorted by name, as registers are): fields are written as their place in
    /// `columns`, and the value of a register is left out when the column gives it back
    /// exactly — an integer, a text or null (a column holds a boolean as 0 or 1, arrays
    /// and objects as JSON text, so those stay here, and so do fractional numbers).
    /// ``init(encoded:columns:column:)`` reads it with the same `columns` and the row.
    public func encoded(columns: [String]) -> [UInt8] {
        encoded(version: Self.columnsVersion, columns: columns)
    }

    private func encoded(version: UInt8, columns: [String]) -> [UInt8] {
        // A record has few origins: a linear search beats hashing.
        var order: [ReplicaID] = []
        order.reserveCapacity(4)
        func note(_ replica: ReplicaID) {
            if !order.contains(replica) { order.append(replica) }
        }
        func index(_ replica: ReplicaID) -> Int { order.firstIndex(of: replica)! }
        if let existenceTimestamp { note(existenceTimestamp.replica) }
        for (_, register) in registers { note(register.timestamp.replica) }
        for (_, counter) in counters { for (replica, _) in counter.slots { note(replica) } }
        for (_, set) in sets {
            for (entry, state) in set.entries {
                note(entry.tag.replica)
                note(state.last.replica)
            }
        }
        var w = ByteWriter()
        w.bytes.reserveCapacity(32 + registers.count * 16)
        w.byte(version)
        // Times are stored as how far they lie before the record's latest one: fields
        // written together cost one byte, not six.
        let base = maximumTime
        w.varint(base.milliseconds)
        w.varint(causalLength)
        w.utf8(scope)
        w.varint(order.count)
        for replica in order { w.utf8(replica.rawValue) }
        func time(_ t: HybridTime) {
            w.varint(base.milliseconds - t.milliseconds)
            w.varint(UInt64(t.counter))
        }
        func stamp(_ t: HybridTimestamp) {
            time(t.time)
            w.varint(index(t.replica))
        }
        if let existenceTimestamp {
            w.byte(1)
            stamp(existenceTimestamp)
        } else {
            w.byte(0)
        }
        w.varint(registers.count)
        var next = 0  // registers and columns are both sorted by name
        var previousTime: HybridTime?
        for (field, register) in registers {
            guard version == Self.columnsVersion else {
                w.utf8(field)
                stamp(register.timestamp)
                Changeset.write(register.value, to: &w)
                continue
            }
            while next < columns.count, columns[next] < field { next += 1 }
            let hasColumn = next < columns.count && columns[next] == field
            if hasColumn {
                w.varint(next + 1)
            } else {
                w.varint(0)
                w.utf8(field)
            }
            let inColumn: Bool
            switch register.value {
            case .int, .string, .null: inColumn = hasColumn
            case .bool, .double, .array, .object: inColumn = false
            }
            let sameTime = register.timestamp.time == previousTime
            w.varint(index(register.timestamp.replica) << 2 | (sameTime ? 2 : 0) | (inColumn ? 1 : 0))
            if !sameTime { time(register.timestamp.time) }
            if !inColumn { Changeset.write(register.value, to: &w) }
            previousTime = register.timestamp.time
        }
        w.varint(counters.count)
        for (field, counter) in counters {
            w.utf8(field)
            w.varint(counter.slots.count)
            for (replica, slot) in counter.slots {
                w.varint(index(replica))
                w.varint(slot.increments)
                w.varint(slot.decrements)
                time(slot.time)
            }
        }
        w.varint(sets.count)
        for (field, set) in sets {
            w.utf8(field)
            w.varint(set.entries.count)
            for (entry, state) in set.entries {
                Changeset.write(entry.element, to: &w)
                stamp(entry.tag)
                w.byte(state.removed ? 1 : 0)
                stamp(state.last)
            }
        }
        return w.bytes
    }

    /// Reads bytes written by ``encoded()``; damaged bytes throw, naming the offset. A
    /// state that left values to its row's columns cannot be read without them.
    public init(encoded bytes: [UInt8]) throws(ChangesetDecodingError) {
        try self.init(encoded: bytes, columns: []) { _ in nil }
    }

    /// Reads bytes written by ``encoded()`` or ``encoded(columns:)`` with the same
    /// `columns`; `column(i)` gives the row's value of `columns[i]` when a register left
    /// its value to it, `nil` when that value is not an integer, a text or null. Damaged
    /// bytes throw, naming the offset.
    public init(encoded bytes: [UInt8], columns: [String], column: (Int) -> FieldValue?)
        throws(ChangesetDecodingError)
    {
        var r = ByteReader(bytes: bytes, start: 0, end: bytes.count)
        let limits = ChangesetDecodingLimits()
        let version = try r.byte("the record state version")
        guard version == Self.binaryVersion || version == Self.columnsVersion else {
            throw r.error(.unsupportedVersion, "record state version \(version)", at: 0)
        }
        self.init()
        let base = try r.varint("base milliseconds")
        existence = CausalLength(try r.varint("causal length"))
        scope = try r.utf8("scope", maximumLength: limits.maximumStringBytes)
        let originCount = try r.count("origin count", limit: r.remaining)
        var origins: [ReplicaID] = []
        for _ in 0..<originCount {
            let at = r.offset
            let text = try r.utf8("origin", maximumLength: ReplicaID.maximumLength)
            guard let id = try? ReplicaID(text) else { throw r.error(.invalidIdentifier, "bad replica id", at: at) }
            origins.append(id)
        }
        func time(_ r: inout ByteReader) throws(ChangesetDecodingError) -> HybridTime {
            let at = r.offset
            let delta = try r.varint("milliseconds")
            guard delta <= base else { throw r.error(.outOfRange, "time before 1970", at: at) }
            let ms = base - delta
            let counter = try r.varint("counter")
            guard counter <= UInt64(UInt16.max), let t = HybridTime(milliseconds: ms, counter: UInt16(counter)) else {
                throw r.error(.outOfRange, "time out of range", at: at)
            }
            return t
        }
        func origin(_ r: inout ByteReader) throws(ChangesetDecodingError) -> ReplicaID {
            let index = try r.count("origin index", limit: max(0, origins.count - 1))
            guard index < origins.count else { throw r.error(.outOfRange, "origin index past the table") }
            return origins[index]
        }
        func stamp(_ r: inout ByteReader) throws(ChangesetDecodingError) -> HybridTimestamp {
            let t = try time(&r)
            return HybridTimestamp(time: t, replica: try origin(&r))
        }
        if try r.byte("existence flag") == 1 { existenceTimestamp = try stamp(&r) }
        let registerCount = try r.count("register count", limit: r.remaining)
        var read: [SmallMap<String, LWWRegister>.Entry] = []
        read.reserveCapacity(registerCount)
        var previousTime: HybridTime?
        for _ in 0..<registerCount {
            guard version == Self.columnsVersion else {
                let field = try r.utf8("field", maximumLength: 63)
                let timestamp = try stamp(&r)
                let value = try Changeset.readValue(&r, limits: limits, depth: 0)
                read.append(.init(key: field, value: LWWRegister(value: value, timestamp: timestamp)))
                continue
            }
            let k = try r.count("register column", limit: columns.count)
            let field = k == 0 ? try r.utf8("field", maximumLength: 63) : columns[k - 1]
            let at = r.offset
            let m = try r.count("register origin and flags", limit: max(0, 4 * origins.count - 1))
            guard m >> 2 < origins.count else { throw r.error(.outOfRange, "origin index past the table", at: at) }
            let t: HybridTime
            if m & 2 == 2 {
                guard let previousTime else {
                    throw r.error(.invalidChange, "register \(field) takes the time of no register before it", at: at)
                }
                t = previousTime
            } else {
                t = try time(&r)
            }
            let timestamp = HybridTimestamp(time: t, replica: origins[m >> 2])
            let value: FieldValue
            if m & 1 == 1 {
                guard k > 0, let held = column(k - 1) else {
                    throw r.error(
                        .invalidChange, "register \(field) is left to a column the row does not give", at: at)
                }
                value = held
            } else {
                value = try Changeset.readValue(&r, limits: limits, depth: 0)
            }
            read.append(.init(key: field, value: LWWRegister(value: value, timestamp: timestamp)))
            previousTime = t
        }
        registers = SmallMap(read: read)
        for _ in 0..<(try r.count("counter count", limit: r.remaining)) {
            let field = try r.utf8("field", maximumLength: 63)
            var counter = PNCounter()
            for _ in 0..<(try r.count("slot count", limit: r.remaining)) {
                let replica = try origin(&r)
                let increments = try r.varint("increments")
                let decrements = try r.varint("decrements")
                counter.slots.appendInOrder(
                    replica, PNCounter.Slot(increments: increments, decrements: decrements, time: try time(&r)))
            }
            counters.appendInOrder(field, counter)
        }
        for _ in 0..<(try r.count("set count", limit: r.remaining)) {
            let field = try r.utf8("field", maximumLength: 63)
            var set = AddWinsSet()
            for _ in 0..<(try r.count("entry count", limit: r.remaining)) {
                let element = try Changeset.readValue(&r, limits: limits, depth: 0)
                let tag = try stamp(&r)
                let removed = try r.byte("removed flag") == 1
                set.entries[AddWinsSet.Entry(element: element, tag: tag)] = AddWinsSet.EntryState(
                    removed: removed, last: try stamp(&r))
            }
            sets.appendInOrder(field, set)
        }
        guard r.remaining == 0 else { throw r.error(.trailingBytes, "bytes after the record state") }
    }
}
