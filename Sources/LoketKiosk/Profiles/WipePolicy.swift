/// How a terminal or a returned loan device is cleaned. Every session's browser profile,
/// downloads, print spool and clipboard are always wiped at its end; that is not a choice
/// (docs/PRIVACY.md). These fields say what else happens.
public struct WipePolicy: Sendable, Equatable, Codable {
    /// Restart the terminal after this many sessions, 0–1000; 0 means never. The default is 0.
    public var rebootAfterSessions: Int
    /// A returned loan device: `user-data` (remove the borrower's files and accounts) or
    /// `reimage` (restore the whole system image). The default is `user-data`.
    public var loanReturn: String
    /// Seconds a wipe may take before the terminal reports it failed and stays closed,
    /// 5–600; the default is 60.
    public var deadlineSeconds: Int

    public static let loanReturns = ["user-data", "reimage"]

    public init(rebootAfterSessions: Int = 0, loanReturn: String = "user-data", deadlineSeconds: Int = 60) {
        self.rebootAfterSessions = rebootAfterSessions
        self.loanReturn = loanReturn
        self.deadlineSeconds = deadlineSeconds
    }
}
