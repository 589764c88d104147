/// Bounds that keep a hostile changeset from using much memory or time.
public struct ChangesetDecodingLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes. The default is 64 MiB.
    public var maximumBytes: Int = 64 << 20
    /// The longest string (id, name, or text value), in bytes. The default is 1 MiB.
    public var maximumStringBytes: Int = 1 << 20
    /// The deepest nesting of arrays and objects in a value. The default is 32.
    public var maximumDepth: Int = 32
    /// The most memory the decoded changeset may take, in bytes, counted as the decoder
    /// builds it (strings, changes, array elements, object members), so a small input
    /// cannot claim counts that make it reserve or build more. The default is 512 MiB:
    /// about three million changes. A larger export goes in pages.
    public var maximumDecodedBytes: Int = 512 << 20

    public init() {}
}
