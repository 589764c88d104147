extension Array where Element == UInt8 {
    /// The bytes of an even-length hex string (a test's card UID); traps on a bad digit.
    public init(hex: String) {
        self = stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }
}
