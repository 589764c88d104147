public import LoketSync

/// What a pull returns: changes in the terminal's scopes after its cursor.
public struct PullPage: Sendable {
    public var changes: [Change]
    /// Ask from here next time.
    public var cursor: Int64
    /// More is waiting now.
    public var more: Bool

    public init(changes: [Change], cursor: Int64, more: Bool) {
        self.changes = changes
        self.cursor = cursor
        self.more = more
    }
}
