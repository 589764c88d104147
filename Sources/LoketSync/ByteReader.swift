/// Reads the primitives of the binary changeset format from untrusted bytes. Every read
/// is bounds-checked and fails with a ``ChangesetDecodingError`` naming the offset.
struct ByteReader {
    let bytes: [UInt8]
    let end: Int
    var offset: Int
    /// What the decoded result may still take in memory (see
    /// ``ChangesetDecodingLimits/maximumDecodedBytes``).
    var budget: DecodingBudget

    init(bytes: [UInt8], start: Int, end: Int, budget: Int = .max) {
        self.bytes = bytes
        self.offset = start
        self.end = end
        self.budget = DecodingBudget(budget)
    }

    /// Counts `size` bytes of decoded memory against the budget, or throws `too large`
    /// before the memory is taken.
    mutating func charge(_ size: Int, _ what: @autoclosure () -> String) throws(ChangesetDecodingError) {
        guard budget.take(size) else { throw tooLarge(what()) }
    }

    /// Makes room for one more element of `array` within the budget
    /// (``DecodingBudget/makeRoom(in:)``), or throws `too large`.
    mutating func makeRoom<Element>(
        in array: inout [Element], expected: Int = 0, _ what: @autoclosure () -> String
    ) throws(ChangesetDecodingError) {
        guard budget.makeRoom(in: &array, expected: expected) else { throw tooLarge(what()) }
    }

    /// Makes room for one more member of `dictionary` within the budget, or throws
    /// `too large`.
    mutating func makeRoom<Key, Value>(
        in dictionary: inout [Key: Value], slotCost: Int, _ what: @autoclosure () -> String
    ) throws(ChangesetDecodingError) {
        guard budget.makeRoom(in: &dictionary, slotCost: slotCost) else { throw tooLarge(what()) }
    }

    private func tooLarge(_ what: String) -> ChangesetDecodingError {
        error(.tooLarge, "decoding \(what) would take more memory than the limit allows; send it in smaller parts")
    }

    /// The memory a decoded string takes: its header, and its bytes when not stored inline.
    static func stringCost(_ byteCount: Int) -> Int {
        MemoryLayout<String>.stride + (byteCount > 15 ? 32 + byteCount : 0)
    }

    var remaining: Int { end - offset }

    func error(_ code: ChangesetDecodingError.Code, _ detail: String, at position: Int? = nil) -> ChangesetDecodingError
    {
        ChangesetDecodingError(code: code, offset: position ?? offset, detail: detail)
    }

    mutating func byte(_ what: @autoclosure () -> String) throws(ChangesetDecodingError) -> UInt8 {
        guard offset < end else { throw error(.truncated, "input ends where \(what()) was expected") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Unsigned LEB128 of at most 10 bytes, without redundant trailing zero groups.
    mutating func varint(_ what: @autoclosure () -> String) throws(ChangesetDecodingError) -> UInt64 {
        // Most varints are one byte (small counts, indices, time differences).
        if offset < end, bytes[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(bytes[offset])
        }
        let start = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw error(.truncated, "input ends inside \(what())", at: start) }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 1 { throw error(.invalidVarint, "\(what()) overflows 64 bits", at: start) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                if byte == 0 && shift > 0 {
                    throw error(.invalidVarint, "\(what()) is not minimally encoded", at: start)
                }
                return result
            }
            shift += 7
        }
    }

    /// A varint used as a count or index, at most `limit`.
    mutating func count(_ what: @autoclosure () -> String, limit: Int) throws(ChangesetDecodingError) -> Int {
        let start = offset
        let value = try varint(what())
        guard limit >= 0, value <= UInt64(limit) else {
            throw error(.outOfRange, "\(what()) is \(value), at most \(limit) is possible here", at: start)
        }
        return Int(value)
    }

    mutating func signedVarint(_ what: @autoclosure () -> String) throws(ChangesetDecodingError) -> Int64 {
        let raw = try varint(what())
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func utf8(_ what: @autoclosure () -> String, maximumLength: Int) throws(ChangesetDecodingError) -> String {
        let length = try count("length of \(what())", limit: min(maximumLength, remaining))
        let start = offset
        let text = bytes.withUnsafeBufferPointer { buffer -> String? in
            let slice = UnsafeBufferPointer(rebasing: buffer[start..<start + length])
            // ASCII (ids, names) is valid UTF-8 as it stands: skip the general validation.
            if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
            return String(validating: slice, as: UTF8.self)
        }
        guard let text else { throw error(.invalidUTF8, "\(what()) is not valid UTF-8", at: start) }
        offset += length
        return text
    }

    mutating func uint64LE(_ what: @autoclosure () -> String) throws(ChangesetDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw error(.truncated, "input ends inside \(what())") }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        offset += 8
        return value
    }
}
