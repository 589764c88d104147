/// Bounds that keep a hostile changeset from using much memory or time.
public struct ChangesetDecodingLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes. The default is 64 MiB.
    public var maximumBytes: Int = 64 << 20
    /// The longest string (id, name, or text value), in bytes. The default is 1 MiB.
    public var maximumStringBytes: Int = 1 << 20
    /// The deepest nesting of arrays and objects in a value. The default is 32.
    public var maximumDepth: Int = 32
    /// The most memory decoding may take, in bytes, charged before it is taken: strings,
    /// and every buffer the lists of changes, strings, array elements and object members
    /// grow into, the old one still counted when it doubles (``DecodingBudget``). So a
    /// small input cannot claim counts that make it reserve or build more, and the peak
    /// stays within the limit. The default is 512 MiB: about a million changes. A larger
    /// export goes in pages (the hub's are tens of thousands).
    public var maximumDecodedBytes: Int = 512 << 20

    public init() {}
}
