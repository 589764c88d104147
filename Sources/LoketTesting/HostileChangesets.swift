/// Checksum-valid binary changesets built to make a decoder take much memory from few
/// bytes: counts that the remaining bytes just back, elements of the smallest encoding.
/// The decoder must refuse them with an error, never reserve or build what its budget
/// does not allow (docs/PROTOCOL.md, "Decoding untrusted bytes").
public enum HostileChangesets {
    /// The kinds of input.
    public enum Kind: String, CaseIterable, Sendable {
        /// A string table of empty strings, one byte each.
        case emptyStrings = "empty-strings"
        /// Existence changes of three bytes each (same record, same origin).
        case minimalChanges = "minimal-changes"
        /// Arrays nested 32 deep, each claiming as many elements as bytes remain, the
        /// innermost holding one-byte nulls.
        case nestedArrays = "nested-arrays"
        /// One object claiming as many members as bytes remain, of empty keys.
        case wideObject = "wide-object"
        /// Version 2: a string table of 255-byte strings, each sharing 251 bytes with the
        /// one before and adding 4 (seven bytes of input for 255 of string).
        case sharedPrefixes = "shared-prefixes"
    }

    /// An input of about `size` bytes of the given kind.
    public static func make(_ kind: Kind, size: Int) -> [UInt8] {
        var out = Array("LKCS".utf8) + [1, 0]
        func varint(_ value: Int) {
            var v = UInt64(value)
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        func text(_ s: String) {
            varint(s.utf8.count)
            out += Array(s.utf8)
        }
        let strings = ["things", "fleet", "x", "a", "name"]
        func table(extra: Int = 0) {
            varint(strings.count + extra)
            for s in strings { text(s) }
        }
        /// The first change's header up to its payload: a register or existence of things/x by a.
        func firstChange(op: UInt8) {
            out.append(op | 1 << 6)  // cl is 1
            varint(0)  // collection
            varint(1)  // scope
            varint(2)  // record
            varint(3)  // origin
            varint(0)  // msDelta (zigzag 0)
            varint(0)  // counter
        }
        let budget = max(0, size - out.count - 64)
        switch kind {
        case .emptyStrings:
            table(extra: budget)
            out += [UInt8](repeating: 0, count: budget)
            out += [0, 0, 0]  // vectors, changes
        case .minimalChanges:
            table()
            out += [0, 0]
            let count = budget / 3
            varint(count + 1)
            firstChange(op: 0)
            out += Self.repeating([0x38, 0, 0], count)
        case .nestedArrays:
            table()
            out += [0, 0]
            varint(1)
            firstChange(op: 1)
            varint(4)  // field "name"
            let levels = 32
            let innermost = budget - levels * 6
            for level in 0..<levels {
                out.append(6)
                varint(level == levels - 1 ? innermost : 1)
            }
            out += [UInt8](repeating: 0, count: innermost)
        case .wideObject:
            table()
            out += [0, 0]
            varint(1)
            firstChange(op: 1)
            varint(4)
            let members = budget / 2
            out.append(7)
            varint(members)
            // Empty keys repeat, so decoding ends at the second member (a duplicate key);
            // what matters is what was reserved before.
            out += [UInt8](repeating: 0, count: 2 * members)
        case .sharedPrefixes:
            out[4] = 2
            // The first string's 262 bytes and a varint count of up to four come first.
            let count = (budget - 266) / 7
            varint(count)
            // The first string: 251 × "a" and four more; then each shares 251 bytes and adds
            // four that count up in base 94 (printable ASCII), so each is after the one before.
            varint(0)
            varint(255)
            out += [UInt8](repeating: 0x61, count: 251)
            out += [0x21, 0x21, 0x21, 0x21]
            let entries = [UInt8](unsafeUninitializedCapacity: 7 * (count - 1)) { buffer, initialized in
                for index in 1..<count {
                    var n = index
                    let base = 7 * (index - 1)
                    buffer[base] = 0xFB  // 251, a two-byte varint
                    buffer[base + 1] = 0x01
                    buffer[base + 2] = 4
                    for digit in (0..<4).reversed() {
                        buffer[base + 3 + digit] = 0x21 + UInt8(n % 94)
                        n /= 94
                    }
                }
                initialized = 7 * (count - 1)
            }
            out += entries
            out += [0, 0, 0]  // vectors, changes
        }
        return out + crc32c(out)
    }

    /// `pattern` `count` times, written at once (a debug build appending byte by byte
    /// takes seconds for 64 MiB).
    static func repeating(_ pattern: [UInt8], _ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pattern.count * count) { buffer, initialized in
            for index in 0..<count * pattern.count { buffer[index] = pattern[index % pattern.count] }
            initialized = pattern.count * count
        }
    }

    /// CRC-32C (Castagnoli) as the four little-endian bytes a changeset ends with.
    public static func crc32c(_ bytes: [UInt8]) -> [UInt8] {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        crc ^= 0xFFFF_FFFF
        return (0..<4).map { UInt8(truncatingIfNeeded: crc >> UInt32(8 * $0)) }
    }

    static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }
}
