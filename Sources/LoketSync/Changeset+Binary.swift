/// The compact binary form of a changeset, version 1. docs/PROTOCOL.md is the
/// specification; this is its implementation.
extension Changeset {
    /// The four bytes every binary changeset starts with: `LKCS`.
    public static let magic: [UInt8] = Array("LKCS".utf8)
    /// The format version every Loket reads, written by ``encoded()``: what a replica
    /// keeps (outbox, quarantine) and what the hub keeps in its log.
    public static let binaryVersion: UInt8 = 1
    /// The compact version: the string table sorted and front-coded (each string as the
    /// bytes it shares with the one before and the rest). Written where size counts and the
    /// reader is known to read it: exports to files, pulls from a hub that asked for it.
    public static let compactBinaryVersion: UInt8 = 2
    /// The versions this build reads.
    public static let readableBinaryVersions: ClosedRange<UInt8> = 1...2
    /// The longest string a version 2 string table holds: every name in it is an
    /// identifier (record ids have at most 200 bytes), and the bound keeps a short input
    /// from decoding to much more than itself through shared prefixes.
    public static let maximumTableStringBytes = 255

    enum OpCode: UInt8 {
        case existence = 0, register = 1, counter = 2, add = 3, remove = 4
    }

    /// Bits of the changeset's header flags byte.
    enum HeaderFlag {
        /// An export page mark follows the flags: export (varint), number (varint),
        /// last (1 byte, 0 or 1).
        static let page: UInt8 = 1 << 0
    }

    enum Flag {
        static let opMask: UInt8 = 0b0000_0111
        static let sameRecord: UInt8 = 1 << 3
        static let sameCollection: UInt8 = 1 << 4
        static let sameOrigin: UInt8 = 1 << 5
        static let causalLengthOne: UInt8 = 1 << 6
        static let reserved: UInt8 = 1 << 7
    }

    enum ValueTag {
        static let null: UInt8 = 0
        static let falseValue: UInt8 = 1
        static let trueValue: UInt8 = 2
        static let int: UInt8 = 3
        static let double: UInt8 = 4
        static let string: UInt8 = 5
        static let array: UInt8 = 6
        static let object: UInt8 = 7
        /// Tags 0x80–0xFF hold a small integer, `tag - 0x80 - 16`: −16…111.
        static let smallIntBase: UInt8 = 0x80
        static let smallIntRange: ClosedRange<Int64> = -16...111
    }

    /// The changeset in the binary form, version 1 (what every Loket reads).
    public func encoded() -> [UInt8] { encoded(version: Self.binaryVersion) }

    /// The changeset in the binary form of `version` (1, or 2 for the compact form).
    public func encoded(version: UInt8) -> [UInt8] {
        precondition(Self.readableBinaryVersions.contains(version), "binary changeset version \(version)")
        var strings: [String: Int] = [:]
        var table: [String] = []
        // Small changesets (one local write) have few strings: a linear search beats hashing.
        let small = changes.count <= 16
        func intern(_ text: String) {
            if small {
                if !table.contains(text) { table.append(text) }
            } else if strings[text] == nil {
                strings[text] = table.count
                table.append(text)
            }
        }
        func index(_ text: String) -> Int { small ? table.firstIndex(of: text)! : strings[text]! }
        for vector in [since, upTo] { for replica in vector.entries.keys.sorted() { intern(replica.rawValue) } }
        for change in changes {
            intern(change.collection)
            intern(change.scope)
            intern(change.recordID)
            intern(change.origin.rawValue)
            if let field = change.operation.field { intern(field) }
            if case .remove(_, _, let tag) = change.operation { intern(tag.replica.rawValue) }
        }

        // Version 2: the table in byte order, so that neighbours share their beginnings.
        var tableBytes: [[UInt8]] = []
        if version == Self.compactBinaryVersion {
            var keyed = table.map { (bytes: Array($0.utf8), text: $0) }
            keyed.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            table = keyed.map(\.text)
            tableBytes = keyed.map(\.bytes)
            if !small { for (position, text) in table.enumerated() { strings[text] = position } }
        }

        var w = ByteWriter()
        w.bytes.reserveCapacity(16 + changes.count * 12)
        w.bytes.append(contentsOf: Self.magic)
        w.byte(version)
        if let page {
            w.byte(HeaderFlag.page)
            w.varint(page.export)
            w.varint(UInt64(page.number))
            w.byte(page.isLast ? 1 : 0)
        } else {
            w.byte(0)
        }
        w.varint(table.count)
        if version == Self.compactBinaryVersion {
            var previous: [UInt8] = []
            for bytes in tableBytes {
                let shared = zip(previous, bytes).prefix { $0 == $1 }.count
                w.varint(shared)
                w.varint(bytes.count - shared)
                w.bytes.append(contentsOf: bytes[shared...])
                previous = bytes
            }
        } else {
            for text in table { w.utf8(text) }
        }
        for vector in [since, upTo] {
            w.varint(vector.entries.count)
            for replica in vector.entries.keys.sorted() {
                let time = vector[replica]
                w.varint(index(replica.rawValue))
                w.varint(time.milliseconds)
                w.varint(UInt64(time.counter))
            }
        }
        w.varint(changes.count)
        var previous: Change?
        var previousMilliseconds: UInt64 = 0
        for change in changes {
            var header: UInt8
            switch change.operation {
            case .existence: header = OpCode.existence.rawValue
            case .register: header = OpCode.register.rawValue
            case .counter: header = OpCode.counter.rawValue
            case .add: header = OpCode.add.rawValue
            case .remove: header = OpCode.remove.rawValue
            }
            let sameCollection =
                previous.map { $0.collection == change.collection && $0.scope == change.scope } ?? false
            let sameRecord =
                sameCollection && previous!.recordID == change.recordID && previous!.causalLength == change.causalLength
            let sameOrigin = previous?.origin == change.origin
            if sameRecord { header |= Flag.sameRecord | Flag.sameCollection }
            if sameCollection { header |= Flag.sameCollection }
            if sameOrigin { header |= Flag.sameOrigin }
            if !sameRecord && change.causalLength == 1 { header |= Flag.causalLengthOne }
            w.byte(header)
            if !sameRecord {
                if !sameCollection {
                    w.varint(index(change.collection))
                    w.varint(index(change.scope))
                }
                w.varint(index(change.recordID))
                if change.causalLength != 1 { w.varint(change.causalLength) }
            }
            if !sameOrigin { w.varint(index(change.origin.rawValue)) }
            let ms = change.timestamp.time.milliseconds
            w.signedVarint(Int64(bitPattern: ms &- previousMilliseconds))
            w.varint(UInt64(change.timestamp.time.counter))
            previousMilliseconds = ms
            switch change.operation {
            case .existence: break
            case .register(let field, let value):
                w.varint(index(field))
                Self.write(value, to: &w)
            case .counter(let field, let increments, let decrements):
                w.varint(index(field))
                w.varint(increments)
                w.varint(decrements)
            case .add(let field, let element):
                w.varint(index(field))
                Self.write(element, to: &w)
            case .remove(let field, let element, let tag):
                w.varint(index(field))
                Self.write(element, to: &w)
                w.varint(index(tag.replica.rawValue))
                w.signedVarint(Int64(bitPattern: tag.time.milliseconds &- ms))
                w.varint(UInt64(tag.time.counter))
            }
            previous = change
        }
        w.uint32LE(CRC32C.checksum(w.bytes))
        return w.bytes
    }

    static func write(_ value: FieldValue, to w: inout ByteWriter) {
        switch value {
        case .null: w.byte(ValueTag.null)
        case .bool(let b): w.byte(b ? ValueTag.trueValue : ValueTag.falseValue)
        case .int(let i):
            if ValueTag.smallIntRange.contains(i) {
                w.byte(ValueTag.smallIntBase + UInt8(i + 16))
            } else {
                w.byte(ValueTag.int)
                w.signedVarint(i)
            }
        case .double(let d):
            w.byte(ValueTag.double)
            w.uint64LE(d.bitPattern)
        case .string(let s):
            w.byte(ValueTag.string)
            w.utf8(s)
        case .array(let items):
            w.byte(ValueTag.array)
            w.varint(items.count)
            for item in items { write(item, to: &w) }
        case .object(let members):
            w.byte(ValueTag.object)
            w.varint(members.count)
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                w.utf8(key)
                write(members[key]!, to: &w)
            }
        }
    }

    /// Decodes a binary changeset from untrusted bytes.
    ///
    /// Never traps: any input that is not a valid changeset throws a
    /// ``ChangesetDecodingError`` naming what was wrong and the byte offset.
    public init(binary input: [UInt8], limits: ChangesetDecodingLimits = ChangesetDecodingLimits())
        throws(ChangesetDecodingError)
    {
        guard input.count <= limits.maximumBytes else {
            throw ChangesetDecodingError(
                code: .tooLarge, offset: limits.maximumBytes,
                detail: "input is \(input.count) bytes, at most \(limits.maximumBytes) are accepted")
        }
        let headerSize = Self.magic.count + 2
        guard input.count >= Self.magic.count, Array(input[0..<Self.magic.count]) == Self.magic else {
            let matching = zip(input, Self.magic).prefix { $0 == $1 }.count
            throw ChangesetDecodingError(
                code: input.count < Self.magic.count && matching == input.count ? .truncated : .badMagic,
                offset: matching, detail: "a binary changeset starts with the bytes LKCS")
        }
        guard input.count > Self.magic.count else {
            throw ChangesetDecodingError(
                code: .truncated, offset: input.count, detail: "input ends before the version byte")
        }
        let version = input[Self.magic.count]
        guard Self.readableBinaryVersions.contains(version) else {
            throw ChangesetDecodingError(
                code: .unsupportedVersion, offset: Self.magic.count,
                detail:
                    "format version \(version); this build reads versions \(Self.readableBinaryVersions.lowerBound)–\(Self.readableBinaryVersions.upperBound) (a newer Loket wrote it: upgrade this one)"
            )
        }
        guard input.count >= headerSize + 4 else {
            throw ChangesetDecodingError(
                code: .truncated, offset: input.count, detail: "input is too short for a changeset")
        }
        let bodyEnd = input.count - 4
        var stored: UInt32 = 0
        for index in 0..<4 { stored |= UInt32(input[bodyEnd + index]) << UInt32(8 * index) }
        let computed = CRC32C.checksum(input[0..<bodyEnd])
        guard stored == computed else {
            throw ChangesetDecodingError(
                code: .checksumMismatch, offset: bodyEnd,
                detail:
                    "CRC-32C is \(computed) over the bytes but \(stored) is stored; the changeset was changed or cut")
        }
        var r = ByteReader(
            bytes: input, start: Self.magic.count + 1, end: bodyEnd, budget: limits.maximumDecodedBytes)
        let flagsOffset = r.offset
        let flags = try r.byte("the flags byte")
        guard flags & ~HeaderFlag.page == 0 else {
            throw r.error(.invalidTag, "unknown header flags \(flags)", at: flagsOffset)
        }
        var page: ExportPageMark?
        if flags & HeaderFlag.page != 0 {
            let export = try r.varint("the export of the page mark")
            let numberAt = r.offset
            let number = try r.varint("the page number")
            guard number <= UInt64(UInt32.max) else {
                throw r.error(.outOfRange, "page number \(number) is above 2^32 - 1", at: numberAt)
            }
            let lastAt = r.offset
            let last = try r.byte("the last-page byte")
            guard last <= 1 else { throw r.error(.invalidTag, "the last-page byte must be 0 or 1", at: lastAt) }
            page = ExportPageMark(export: export, number: UInt32(number), isLast: last == 1)
        }

        // String table. Every string takes at least one byte, so the count is bounded by
        // the bytes left; memory is reserved only as far as the budget backs it. Texts are
        // kept in NFC (record ids may be any UTF-8; every other name is ASCII).
        let stringCount = try r.count("string count", limit: r.remaining)
        var table: [String] = []
        if version == Self.compactBinaryVersion {
            // Each string: how many bytes it shares with the one before, then the rest; in
            // byte order, each after the one before.
            var previous: [UInt8] = []
            for index in 0..<stringCount {
                let at = r.offset
                let shared = try r.count("shared prefix of string \(index)", limit: previous.count)
                let rest = try r.count(
                    "length of string \(index)", limit: min(r.remaining, Self.maximumTableStringBytes - shared))
                var bytes = Array(previous[0..<shared])
                bytes.append(contentsOf: input[r.offset..<r.offset + rest])
                r.offset += rest
                guard index == 0 || previous.lexicographicallyPrecedes(bytes) else {
                    throw r.error(.outOfRange, "string \(index) is not after the one before (byte order)", at: at)
                }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw r.error(.invalidUTF8, "string \(index) is not valid UTF-8", at: at)
                }
                try r.charge(ByteReader.stringCost(bytes.count), "the string table")
                try r.makeRoom(in: &table, expected: stringCount, "the string table")
                table.append(text.nfc)
                previous = bytes
            }
        } else {
            for _ in 0..<stringCount {
                let text = try r.utf8("a string", maximumLength: limits.maximumStringBytes).nfc
                try r.charge(ByteReader.stringCost(text.utf8.count), "the string table")
                try r.makeRoom(in: &table, expected: stringCount, "the string table")
                table.append(text)
            }
        }

        func string(_ r: inout ByteReader, _ what: String) throws(ChangesetDecodingError) -> (String, Int) {
            let at = r.offset
            let index = try r.varint("\(what) index")
            guard index < UInt64(table.count) else {
                throw r.error(
                    .outOfRange, "\(what) index \(index) is past the string table (\(table.count) strings)", at: at)
            }
            return (table[Int(index)], at)
        }
        func replica(_ r: inout ByteReader, _ what: String) throws(ChangesetDecodingError) -> ReplicaID {
            let (text, at) = try string(&r, what)
            guard let id = try? ReplicaID(text) else {
                throw r.error(.invalidIdentifier, "\(what) \"\(text.prefix(80))\" is not a valid replica id", at: at)
            }
            return id
        }
        func time(_ r: inout ByteReader, milliseconds: UInt64, at: Int) throws(ChangesetDecodingError) -> HybridTime {
            let counterAt = r.offset
            let counter = try r.varint("clock counter")
            guard counter <= UInt64(UInt16.max) else {
                throw r.error(.outOfRange, "clock counter \(counter) is above 65535", at: counterAt)
            }
            guard let time = HybridTime(milliseconds: milliseconds, counter: UInt16(counter)) else {
                throw r.error(.outOfRange, "clock milliseconds \(milliseconds) are above 2^47 - 1", at: at)
            }
            return time
        }

        var vectors: [VersionVector] = []
        for name in ["since", "upTo"] {
            let count = try r.count("\(name) entry count", limit: r.remaining / 3)
            var entries: [ReplicaID: HybridTime] = [:]
            for _ in 0..<count {
                try r.makeRoom(in: &entries, slotCost: Self.vectorEntryCost, "the version vectors")
                let at = r.offset
                let id = try replica(&r, "\(name) replica")
                let msAt = r.offset
                let ms = try r.varint("\(name) milliseconds")
                let t = try time(&r, milliseconds: ms, at: msAt)
                guard entries.updateValue(t, forKey: id) == nil else {
                    throw r.error(.invalidChange, "replica \(id) appears twice in \(name)", at: at)
                }
            }
            vectors.append(VersionVector(entries))
        }

        // Every change takes at least three bytes (header, time delta, counter).
        let changeCount = try r.count("change count", limit: r.remaining / 3)
        var changes: [Change] = []
        var previous: Change?
        var previousMilliseconds: UInt64 = 0
        for index in 0..<changeCount {
            let start = r.offset
            try r.makeRoom(in: &changes, expected: changeCount, "change \(index)")
            let header = try r.byte("a change header")
            guard header & Flag.reserved == 0 else {
                throw r.error(.invalidTag, "change \(index): reserved header bit is set", at: start)
            }
            guard let op = OpCode(rawValue: header & Flag.opMask) else {
                throw r.error(.invalidTag, "change \(index): unknown operation \(header & Flag.opMask)", at: start)
            }
            let sameRecord = header & Flag.sameRecord != 0
            let sameCollection = header & Flag.sameCollection != 0
            let sameOrigin = header & Flag.sameOrigin != 0
            if previous == nil && (sameRecord || sameCollection || sameOrigin) {
                throw r.error(
                    .invalidTag, "change \(index): the first change cannot refer to a previous one", at: start)
            }
            if sameRecord && !sameCollection {
                throw r.error(.invalidTag, "change \(index): same-record flag without same-collection flag", at: start)
            }
            if sameRecord && header & Flag.causalLengthOne != 0 {
                throw r.error(.invalidTag, "change \(index): causal-length flag on a same-record change", at: start)
            }
            var collection = previous?.collection ?? ""
            var scope = previous?.scope ?? ""
            var recordID = previous?.recordID ?? ""
            var causalLength = previous?.causalLength ?? 0
            if !sameRecord {
                if !sameCollection {
                    let (c, cAt) = try string(&r, "collection")
                    guard CollectionSchema.isValidName(c) else {
                        throw r.error(
                            .invalidIdentifier, "change \(index): \"\(c.prefix(80))\" is not a valid collection name",
                            at: cAt)
                    }
                    let (s, sAt) = try string(&r, "scope")
                    guard Scope.isValid(s) else {
                        throw r.error(
                            .invalidIdentifier, "change \(index): \"\(s.prefix(80))\" is not a valid scope", at: sAt)
                    }
                    collection = c
                    scope = s
                }
                let (id, idAt) = try string(&r, "record id")
                guard RecordID.isValid(id) else {
                    throw r.error(
                        .invalidIdentifier, "change \(index): \"\(id.prefix(80))\" is not a valid record id", at: idAt)
                }
                recordID = id
                causalLength = header & Flag.causalLengthOne != 0 ? 1 : try r.varint("causal length")
            }
            let origin = sameOrigin ? previous!.origin : try replica(&r, "origin replica")
            let msAt = r.offset
            let delta = try r.signedVarint("clock milliseconds delta")
            let ms = previousMilliseconds &+ UInt64(bitPattern: delta)
            let changeTime = try time(&r, milliseconds: ms, at: msAt)
            previousMilliseconds = ms
            let timestamp = HybridTimestamp(time: changeTime, replica: origin)

            func field(_ r: inout ByteReader) throws(ChangesetDecodingError) -> String {
                let (name, at) = try string(&r, "field")
                guard CollectionSchema.isValidName(name), name != "id", name != "scope" else {
                    throw r.error(
                        .invalidIdentifier, "change \(index): \"\(name.prefix(80))\" is not a valid field name", at: at)
                }
                return name
            }
            let operation: ChangeOperation
            switch op {
            case .existence:
                operation = .existence
            case .register:
                let name = try field(&r)
                operation = .register(field: name, value: try Self.readValue(&r, limits: limits, depth: 0))
            case .counter:
                let name = try field(&r)
                let increments = try r.varint("counter increments")
                let decrements = try r.varint("counter decrements")
                operation = .counter(field: name, increments: increments, decrements: decrements)
            case .add:
                let name = try field(&r)
                operation = .add(field: name, element: try Self.readValue(&r, limits: limits, depth: 0))
            case .remove:
                let name = try field(&r)
                let element = try Self.readValue(&r, limits: limits, depth: 0)
                let tagReplica = try replica(&r, "removed tag replica")
                let tagAt = r.offset
                let tagDelta = try r.signedVarint("removed tag milliseconds delta")
                let tagTime = try time(&r, milliseconds: ms &+ UInt64(bitPattern: tagDelta), at: tagAt)
                operation = .remove(
                    field: name, element: element, tag: HybridTimestamp(time: tagTime, replica: tagReplica))
            }
            let change = Change(
                collection: collection, recordID: recordID, scope: scope, causalLength: causalLength,
                timestamp: timestamp, operation: operation)
            do { try change.validate() } catch {
                throw r.error(.invalidChange, "change \(index): \(error.reason)", at: start)
            }
            changes.append(change)
            previous = change
        }
        guard r.offset == bodyEnd else {
            throw r.error(.trailingBytes, "\(bodyEnd - r.offset) bytes after the last change")
        }
        self.init(since: vectors[0], upTo: vectors[1], changes: changes, page: page)
    }

    static func readValue(_ r: inout ByteReader, limits: ChangesetDecodingLimits, depth: Int)
        throws(ChangesetDecodingError) -> FieldValue
    {
        let at = r.offset
        guard depth <= limits.maximumDepth else {
            throw r.error(.tooDeep, "value nested deeper than \(limits.maximumDepth) levels", at: at)
        }
        let tag = try r.byte("a value tag")
        if tag >= ValueTag.smallIntBase { return .int(Int64(tag - ValueTag.smallIntBase) - 16) }
        switch tag {
        case ValueTag.null: return .null
        case ValueTag.falseValue: return .bool(false)
        case ValueTag.trueValue: return .bool(true)
        case ValueTag.int: return .int(try r.signedVarint("an integer"))
        case ValueTag.double:
            let value = Double(bitPattern: try r.uint64LE("a double"))
            guard value.isFinite else { throw r.error(.outOfRange, "a double must be finite", at: at) }
            return .double(value)
        case ValueTag.string: return .string(try text(&r, "a string value", limits: limits, at: at))
        case ValueTag.array:
            let count = try r.count("array length", limit: r.remaining)
            var items: [FieldValue] = []
            for _ in 0..<count {
                try r.makeRoom(in: &items, expected: count, "an array")
                items.append(try readValue(&r, limits: limits, depth: depth + 1))
            }
            return .array(items)
        case ValueTag.object:
            let count = try r.count("object size", limit: r.remaining / 2)
            var members: [String: FieldValue] = [:]
            for _ in 0..<count {
                let keyAt = r.offset
                try r.makeRoom(in: &members, slotCost: DecodingBudget.objectMemberCost, "an object")
                let key = try text(&r, "an object key", limits: limits, at: keyAt)
                let value = try readValue(&r, limits: limits, depth: depth + 1)
                guard members.updateValue(value, forKey: key) == nil else {
                    throw r.error(.invalidChange, "object key \"\(key.prefix(80))\" appears twice", at: keyAt)
                }
            }
            return .object(members)
        default:
            throw r.error(.invalidTag, "unknown value tag \(tag)", at: at)
        }
    }

    /// A version vector entry's slot, with the hash table's slack.
    static let vectorEntryCost = 2 * (MemoryLayout<ReplicaID>.stride + MemoryLayout<HybridTime>.stride)

    /// A text of a value (or an object key), in NFC and within the limits
    /// (``ValueRules/checkText(_:path:)``), charged to the budget.
    static func text(_ r: inout ByteReader, _ what: String, limits: ChangesetDecodingLimits, at: Int)
        throws(ChangesetDecodingError) -> String
    {
        let raw = try r.utf8(what, maximumLength: limits.maximumStringBytes)
        let text: String
        do { text = try ValueRules(limits: limits).checkText(raw, path: what) } catch {
            throw r.error(.outOfRange, error.description, at: at)
        }
        try r.charge(ByteReader.stringCost(text.utf8.count), what)
        return text
    }
}
