public import LoketSync

/// Outbox entries pushed in one request, in sequence order.
///
/// Binary form (`application/vnd.loket.outbox`), big-endian:
///
///     "LKOB"  version (1 byte, 2)  count (UInt32)
///     count × [ sequence (UInt64)  length (UInt32)  binary changeset (length bytes) ]
///
/// Sequences strictly rise. The hub applies each entry once: a retry of a batch it has
/// already taken is acknowledged again without applying anything twice. Version 2 says
/// the push is signed over its ``PushManifest`` (docs/PROTOCOL.md, "Origin signatures");
/// version 1, of older terminals, over the raw body: still read, so the hub can say what is
/// wrong, but not taken.
public struct OutboxBatch: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var sequence: Int64
        public var changeset: Changeset

        public init(sequence: Int64, changeset: Changeset) {
            self.sequence = sequence
            self.changeset = changeset
        }
    }

    public var entries: [Entry]

    public static let magic: [UInt8] = Array("LKOB".utf8)
    /// The version written: signed over the manifest.
    public static let version: UInt8 = 2
    /// The first version, signed over the raw body.
    public static let unsignedVersion: UInt8 = 1
    /// The version this batch was read in.
    public var version: UInt8 = OutboxBatch.version
    /// The most entries one batch may hold.
    public static let maximumEntries = 10_000

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Encodes entries whose payloads are already binary changesets (the outbox's form).
    public static func encode(_ entries: [(sequence: Int64, payload: [UInt8])]) -> [UInt8] {
        var out = magic
        out.append(version)
        appendBigEndian(UInt32(entries.count), to: &out)
        for entry in entries {
            appendBigEndian(UInt64(bitPattern: entry.sequence), to: &out)
            appendBigEndian(UInt32(entry.payload.count), to: &out)
            out += entry.payload
        }
        return out
    }

    /// The binary form.
    public func encoded() -> [UInt8] {
        Self.encode(entries.map { ($0.sequence, $0.changeset.encoded()) })
    }

    /// Decodes and checks a batch; every error names the entry and byte offset.
    public init(binary bytes: [UInt8], limits: ChangesetDecodingLimits = ChangesetDecodingLimits())
        throws(ProtocolError)
    {
        guard bytes.count >= 9, Array(bytes[0..<4]) == Self.magic else {
            throw ProtocolError("not an outbox batch: it must start with \"LKOB\"")
        }
        guard bytes[4] == Self.version || bytes[4] == Self.unsignedVersion else {
            throw ProtocolError("outbox batch version \(bytes[4]) is not supported (this hub reads versions 1 and 2)")
        }
        let count = Int(Self.readBigEndian(bytes, at: 5, as: UInt32.self))
        guard count <= Self.maximumEntries else {
            throw ProtocolError("outbox batch holds \(count) entries; at most \(Self.maximumEntries) are allowed")
        }
        var offset = 9
        var entries: [Entry] = []
        entries.reserveCapacity(count)
        for index in 0..<count {
            guard bytes.count - offset >= 12 else {
                throw ProtocolError("outbox batch entry \(index) is cut short at byte \(offset)")
            }
            let sequence = Int64(bitPattern: Self.readBigEndian(bytes, at: offset, as: UInt64.self))
            let length = Int(Self.readBigEndian(bytes, at: offset + 8, as: UInt32.self))
            offset += 12
            guard sequence > 0 else {
                throw ProtocolError("outbox batch entry \(index): sequence must be positive, got \(sequence)")
            }
            if let previous = entries.last, sequence <= previous.sequence {
                throw ProtocolError(
                    "outbox batch entry \(index): sequence \(sequence) does not follow \(previous.sequence)")
            }
            guard bytes.count - offset >= length else {
                throw ProtocolError(
                    "outbox batch entry \(index) claims \(length) bytes at byte \(offset), only \(bytes.count - offset) remain"
                )
            }
            do {
                let changeset = try Changeset(binary: Array(bytes[offset..<offset + length]), limits: limits)
                entries.append(Entry(sequence: sequence, changeset: changeset))
            } catch {
                throw ProtocolError("outbox batch entry \(index) (sequence \(sequence)), at byte \(offset): \(error)")
            }
            offset += length
        }
        guard offset == bytes.count else {
            throw ProtocolError("outbox batch has \(bytes.count - offset) stray bytes after its last entry")
        }
        self.entries = entries
        self.version = bytes[4]
    }

    static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }

    static func readBigEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as: T.Type) -> T {
        var value: T = 0
        for index in 0..<MemoryLayout<T>.size { value = value << 8 | T(bytes[offset + index]) }
        return value
    }
}
