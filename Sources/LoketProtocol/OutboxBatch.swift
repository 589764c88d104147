public import Crypto
public import LoketSync

/// Outbox entries pushed in one request, in sequence order.
///
/// Binary form (`application/vnd.loket.outbox`), big-endian:
///
///     "LKOB"  version (1 byte, 2)  count (UInt32)
///     count × [ sequence (UInt64)  length (UInt32)  binary changeset (length bytes) ]
///     segments (UInt32)
///     segments × [ scope length (1 byte)  scope  signature (64 bytes) ]
///
/// Sequences strictly rise. The hub applies each entry once: a retry of a batch it has
/// already taken is acknowledged again without applying anything twice. The signatures
/// are the origin's, one per scope the batch's changes are in (``PushSegment``); version
/// 1 has none, and a hub takes no push of it.
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
    /// The origin's signature per scope (``PushSegment``); empty in a version 1 batch.
    public var signatures: [String: [UInt8]]

    public static let magic: [UInt8] = Array("LKOB".utf8)
    /// The version written: entries and the origin's signatures.
    public static let version: UInt8 = 2
    /// The first version, without signatures: still read, so the hub can say what is wrong.
    public static let unsignedVersion: UInt8 = 1
    /// The most entries one batch may hold.
    public static let maximumEntries = 10_000

    public init(entries: [Entry], signatures: [String: [UInt8]] = [:]) {
        self.entries = entries
        self.signatures = signatures
    }

    /// Encodes entries whose payloads are already binary changesets (the outbox's form),
    /// with the origin's signatures per scope; no signatures gives version 1.
    public static func encode(
        _ entries: [(sequence: Int64, payload: [UInt8])], signatures: [(scope: String, signature: [UInt8])] = []
    ) -> [UInt8] {
        var out = magic
        out.append(signatures.isEmpty ? unsignedVersion : version)
        appendBigEndian(UInt32(entries.count), to: &out)
        for entry in entries {
            appendBigEndian(UInt64(bitPattern: entry.sequence), to: &out)
            appendBigEndian(UInt32(entry.payload.count), to: &out)
            out += entry.payload
        }
        guard !signatures.isEmpty else { return out }
        appendBigEndian(UInt32(signatures.count), to: &out)
        for (scope, signature) in signatures {
            out.append(UInt8(scope.utf8.count))
            out += Array(scope.utf8)
            out += signature
        }
        return out
    }

    /// Encodes outbox entries signed as `origin`'s with `key`: one signature per scope over
    /// the push's changes in it (``PushSegment``). A payload that is not a changeset is a
    /// ``ProtocolError`` naming its sequence.
    public static func signed(
        _ entries: [(sequence: Int64, payload: [UInt8])], origin: String, key: Curve25519.Signing.PrivateKey
    ) throws(ProtocolError) -> [UInt8] {
        var decoded: [Entry] = []
        decoded.reserveCapacity(entries.count)
        for entry in entries {
            do {
                decoded.append(Entry(sequence: entry.sequence, changeset: try Changeset(binary: entry.payload)))
            } catch {
                throw ProtocolError("outbox entry \(entry.sequence) cannot be read to be signed: \(error)")
            }
        }
        var signatures: [(scope: String, signature: [UInt8])] = []
        for segment in PushSegment.segments(of: decoded) {
            let signature = try OriginSegment.sign(origin: origin, scope: segment.scope, body: segment.body, key: key)
            signatures.append((segment.scope, signature))
        }
        return encode(entries, signatures: signatures)
    }

    /// The binary form.
    public func encoded() -> [UInt8] {
        Self.encode(
            entries.map { ($0.sequence, $0.changeset.encoded()) },
            signatures: signatures.keys.sorted().map { ($0, signatures[$0]!) })
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
        var signatures: [String: [UInt8]] = [:]
        if bytes[4] == Self.version {
            guard bytes.count - offset >= 4 else {
                throw ProtocolError("outbox batch ends at byte \(offset) before its count of signatures")
            }
            let count = Int(Self.readBigEndian(bytes, at: offset, as: UInt32.self))
            offset += 4
            for index in 0..<count {
                guard bytes.count - offset >= 1 else {
                    throw ProtocolError("outbox batch signature \(index) is cut short at byte \(offset)")
                }
                let length = Int(bytes[offset])
                guard bytes.count - offset - 1 >= length + 64 else {
                    throw ProtocolError("outbox batch signature \(index) is cut short at byte \(offset)")
                }
                guard let scope = String(validating: bytes[offset + 1..<offset + 1 + length], as: UTF8.self),
                    Scope.isValid(scope)
                else {
                    throw ProtocolError("outbox batch signature \(index), at byte \(offset): its scope is not a scope")
                }
                guard signatures[scope] == nil else {
                    throw ProtocolError(
                        "outbox batch signature \(index), at byte \(offset): scope \(scope) is signed twice")
                }
                offset += 1 + length
                signatures[scope] = Array(bytes[offset..<offset + 64])
                offset += 64
            }
        }
        guard offset == bytes.count else {
            throw ProtocolError("outbox batch has \(bytes.count - offset) stray bytes after its last part")
        }
        self.entries = entries
        self.signatures = signatures
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
