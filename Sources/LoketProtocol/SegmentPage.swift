/// A pull answer in segments (`application/vnd.loket.segments`): the log rows as their
/// origins signed them, and the public key of each origin among them, as the hub enrolled
/// it (docs/PROTOCOL.md, "Origin signatures").
///
/// Binary form, big-endian:
///
///     "LKSP"  version (1 byte, 1)
///     keys (UInt32) × [ origin length (1 byte)  origin  Ed25519 public key (32 bytes) ]
///     segments (UInt32) × [ cursor (UInt64)  origin length (1 byte)  origin
///         scope length (1 byte)  scope  attestation length (UInt32, 0: none)  attestation
///         omitted (UInt32) × index (UInt32)  body length (UInt32)  body ]
public struct SegmentPage: Sendable, Equatable {
    /// Public keys (32 bytes) by origin replica id.
    public var keys: [String: [UInt8]]
    public var segments: [OriginSegment]

    public static let magic: [UInt8] = Array("LKSP".utf8)
    public static let version: UInt8 = 1

    public init(keys: [String: [UInt8]], segments: [OriginSegment]) {
        self.keys = keys
        self.segments = segments
    }

    public func encoded() -> [UInt8] {
        var out = Self.magic
        out.append(Self.version)
        OutboxBatch.appendBigEndian(UInt32(keys.count), to: &out)
        for origin in keys.keys.sorted() {
            Self.appendShort(origin, to: &out)
            out += keys[origin]!
        }
        OutboxBatch.appendBigEndian(UInt32(segments.count), to: &out)
        for segment in segments {
            OutboxBatch.appendBigEndian(UInt64(bitPattern: segment.cursor), to: &out)
            Self.appendShort(segment.origin, to: &out)
            Self.appendShort(segment.scope, to: &out)
            OutboxBatch.appendBigEndian(UInt32(segment.attestation?.count ?? 0), to: &out)
            out += segment.attestation ?? []
            OutboxBatch.appendBigEndian(UInt32(segment.omitted.count), to: &out)
            for index in segment.omitted { OutboxBatch.appendBigEndian(UInt32(index), to: &out) }
            OutboxBatch.appendBigEndian(UInt32(segment.body.count), to: &out)
            out += segment.body
        }
        return out
    }

    /// Reads a page; every count is checked against the bytes that remain, and every
    /// error names the byte offset.
    public init(binary bytes: [UInt8]) throws(ProtocolError) {
        var reader = Reader(bytes: bytes)
        guard bytes.count >= 5, Array(bytes[0..<4]) == Self.magic else {
            throw ProtocolError("not a segment page: it must start with \"LKSP\"")
        }
        guard bytes[4] == Self.version else {
            throw ProtocolError("segment page version \(bytes[4]) is not supported (this terminal reads version 1)")
        }
        reader.offset = 5
        let keyCount = try reader.count("keys", smallest: 33)
        var keys: [String: [UInt8]] = [:]
        for index in 0..<keyCount {
            let origin = try reader.short("origin of key \(index)")
            keys[origin] = try reader.take(32, "key \(index)")
        }
        let segmentCount = try reader.count("segments", smallest: 8 + 1 + 1 + 4 + 4 + 4)
        var segments: [OriginSegment] = []
        segments.reserveCapacity(segmentCount)
        for index in 0..<segmentCount {
            let cursor = Int64(bitPattern: try reader.integer(UInt64.self, "cursor of segment \(index)"))
            let origin = try reader.short("origin of segment \(index)")
            let scope = try reader.short("scope of segment \(index)")
            let attestationLength = Int(try reader.integer(UInt32.self, "attestation length of segment \(index)"))
            let attestation =
                attestationLength == 0 ? nil : try reader.take(attestationLength, "attestation of segment \(index)")
            let omittedCount = try reader.count("omitted changes of segment \(index)", smallest: 4)
            var omitted: [Int] = []
            omitted.reserveCapacity(omittedCount)
            for _ in 0..<omittedCount { omitted.append(Int(try reader.integer(UInt32.self, "segment \(index)"))) }
            let length = Int(try reader.integer(UInt32.self, "body length of segment \(index)"))
            let body = try reader.take(length, "body of segment \(index)")
            segments.append(
                OriginSegment(
                    cursor: cursor, origin: origin, scope: scope, body: body, attestation: attestation, omitted: omitted
                ))
        }
        guard reader.offset == bytes.count else {
            throw ProtocolError("segment page has \(bytes.count - reader.offset) stray bytes after its last segment")
        }
        self.keys = keys
        self.segments = segments
    }

    static func appendShort(_ text: String, to out: inout [UInt8]) {
        let bytes = Array(text.utf8.prefix(255))
        out.append(UInt8(bytes.count))
        out += bytes
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ count: Int, _ what: String) throws(ProtocolError) -> [UInt8] {
            guard count >= 0, bytes.count - offset >= count else {
                throw ProtocolError("segment page: \(what) is cut short at byte \(offset)")
            }
            defer { offset += count }
            return Array(bytes[offset..<offset + count])
        }

        mutating func integer<T: FixedWidthInteger>(_ type: T.Type, _ what: String) throws(ProtocolError) -> T {
            let size = MemoryLayout<T>.size
            guard bytes.count - offset >= size else {
                throw ProtocolError("segment page: \(what) is cut short at byte \(offset)")
            }
            defer { offset += size }
            return OutboxBatch.readBigEndian(bytes, at: offset, as: T.self)
        }

        /// A count of items of at least `smallest` bytes each: never more than the bytes left allow.
        mutating func count(_ what: String, smallest: Int) throws(ProtocolError) -> Int {
            let at = offset
            let count = Int(try integer(UInt32.self, "count of \(what)"))
            guard count <= (bytes.count - offset) / smallest else {
                throw ProtocolError(
                    "segment page: \(count) \(what) at byte \(at) cannot fit in the \(bytes.count - offset) bytes left")
            }
            return count
        }

        mutating func short(_ what: String) throws(ProtocolError) -> String {
            let at = offset
            let length = Int(try take(1, what)[0])
            guard let text = String(validating: try take(length, what), as: UTF8.self) else {
                throw ProtocolError("segment page: \(what) at byte \(at) is not UTF-8")
            }
            return text
        }
    }
}
