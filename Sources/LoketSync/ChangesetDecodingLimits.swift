/// Bounds that keep a hostile changeset from using much memory or time.
public struct ChangesetDecodingLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes. The default is 64 MiB.
    public var maximumBytes: Int = 64 << 20
    /// The longest string (id, name, or text value), in bytes. The default is 1 MiB.
    public var maximumStringBytes: Int = 1 << 20
    /// The deepest nesting of arrays and objects in a value. The default is 32.
    public var maximumDepth: Int = 32

    public init() {}
}
