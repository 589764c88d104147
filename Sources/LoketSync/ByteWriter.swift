/// Appends the primitives of the binary changeset format to a byte buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// Unsigned LEB128. Inlined: encoding a record's state called it a dozen times a
    /// field, and most values take one byte.
    @inline(__always)
    mutating func varint(_ value: UInt64) {
        if value < 0x80 {
            bytes.append(UInt8(value))
            return
        }
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ value: Int) { varint(UInt64(value)) }

    /// Zigzag, then LEB128: small magnitudes of either sign take few bytes.
    mutating func signedVarint(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    @inline(__always)
    mutating func utf8(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            varint(buffer.count)
            bytes.append(contentsOf: buffer)
        }
    }

    mutating func uint32LE(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func uint64LE(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
