/// CRC-32C computed bit by bit, independently of the codec's table-driven one, as the four
/// little-endian bytes a binary changeset ends with. Tests use it to build inputs whose
/// checksum is right, so the decoder's structural checks are the ones exercised.
func checksumBytes(_ bytes: [UInt8]) -> [UInt8] {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    crc ^= 0xFFFF_FFFF
    return (0..<4).map { UInt8(truncatingIfNeeded: crc >> UInt32(8 * $0)) }
}
