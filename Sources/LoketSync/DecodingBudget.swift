/// The memory a decoder of untrusted bytes may still take, charged before it is taken
/// (``ChangesetDecodingLimits/maximumDecodedBytes``).
///
/// Containers grow by doubling, and each new buffer is charged whole while the one it
/// replaces stays charged: what is charged is then at least the peak of old and new
/// buffers together (an array that doubled to n slots was charged for about 2n), never
/// only what the elements take once decoded. Charging elements one by one let an array
/// of one-byte nulls reach a 512 MiB buffer within a 512 MiB budget and then ask for a
/// larger one on top of it.
struct DecodingBudget {
    /// An object member's slot: key and value, with the hash table's slack (it keeps at
    /// least a quarter of its buckets free).
    static let objectMemberCost = 2 * (MemoryLayout<String>.stride + MemoryLayout<FieldValue>.stride)

    /// The most a list's first buffer takes from a claimed count.
    static let firstBufferBytes = 256 << 10

    /// Bytes left.
    private(set) var remaining: Int

    init(_ bytes: Int) {
        remaining = bytes
    }

    /// Takes `size` bytes, or returns false and takes nothing when fewer are left.
    mutating func take(_ size: Int) -> Bool {
        guard size <= remaining else { return false }
        remaining -= size
        return true
    }

    /// Makes room for one more element in `array`, doubling its buffer when full and
    /// charging the new buffer first; false, and nothing reserved, when the budget does
    /// not back it.
    ///
    /// The first buffer takes `expected` elements (a count the input claims), up to a
    /// page's worth, so a long list does not start from a handful.
    mutating func makeRoom<Element>(in array: inout [Element], expected: Int = 0) -> Bool {
        guard array.count == array.capacity else { return true }
        let first = Swift.max(
            1, Swift.min(Swift.max(16, expected), Self.firstBufferBytes / Swift.max(1, MemoryLayout<Element>.stride)))
        let capacity = array.capacity == 0 ? first : 2 * array.capacity
        guard take(capacity * MemoryLayout<Element>.stride) else { return false }
        array.reserveCapacity(capacity)
        return true
    }

    /// Makes room for one more member in `dictionary`, as for an array; a member's slot
    /// costs `slotCost` bytes (its key and value, with the hash table's slack).
    mutating func makeRoom<Key, Value>(in dictionary: inout [Key: Value], slotCost: Int) -> Bool {
        guard dictionary.count == dictionary.capacity else { return true }
        let capacity = Swift.max(8, 2 * dictionary.capacity)
        guard take(capacity * slotCost) else { return false }
        dictionary.reserveCapacity(capacity)
        return true
    }
}
