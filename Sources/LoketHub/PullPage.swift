public import LoketProtocol

/// What a pull returns: the log rows in the terminal's scopes after its cursor, as their
/// origins signed them.
public struct PullPage: Sendable {
    public var segments: [OriginSegment]
    /// Ask from here next time.
    public var cursor: Int64
    /// More is waiting now.
    public var more: Bool
    /// The last cursor of the rows stored before the hub took signed pushes: only those
    /// (and the hub's own) come without their origin's signature.
    public var signedFrom: Int64

    public init(segments: [OriginSegment], cursor: Int64, more: Bool, signedFrom: Int64) {
        self.segments = segments
        self.cursor = cursor
        self.more = more
        self.signedFrom = signedFrom
    }
}
