/// What one check of the fleet's alerts did.
public struct AlertCheck: Sendable, Equatable {
    public var raised = 0
    public var cleared = 0
    public var noticesSent = 0
    /// Notices a notifier refused: they are sent again at the next check.
    public var noticesFailed = 0

    public init() {}
}
