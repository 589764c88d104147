/// An alert about one terminal, as the hub keeps it (document `alert/<id>`), the API
/// answers it (`GET /v1/admin/alerts`) and the console shows it. Names no visitor.
public struct FleetAlert: Codable, Sendable, Equatable {
    /// `<terminal>:<kind>:<subject>`.
    public var id: String
    public var terminal: String
    /// The terminal's branch (from its `branch:` scope), if it has one.
    public var branch: String?
    /// `terminal-offline`, `sync-lag`, `wipe-failed`, `profile-invalid`, `printer-offline`, `device-missing`,
    /// `disk-filling`.
    public var kind: String
    /// What it concerns within the terminal: a device kind, a printer, or `-`.
    public var subject: String
    /// What is wrong, in words, as of the last check.
    public var detail: String
    public var raisedAtMilliseconds: Int64
    public var clearedAtMilliseconds: Int64?
    public var acknowledgedBy: String?
    public var acknowledgedAtMilliseconds: Int64?
    /// Whether the notifier has sent the raise (and, once cleared, the clear): a notice
    /// that failed is sent again at the next check.
    public var raiseSent: Bool
    public var clearSent: Bool

    enum CodingKeys: String, CodingKey {
        case id, terminal, branch, kind, subject, detail
        case raisedAtMilliseconds = "raised_at_ms"
        case clearedAtMilliseconds = "cleared_at_ms"
        case acknowledgedBy = "acknowledged_by"
        case acknowledgedAtMilliseconds = "acknowledged_at_ms"
        case raiseSent = "raise_sent"
        case clearSent = "clear_sent"
    }

    public var isOpen: Bool { clearedAtMilliseconds == nil }

    public static func id(terminal: String, kind: String, subject: String) -> String {
        "\(terminal):\(kind):\(subject)"
    }

    /// The kinds, in the order the console lists them.
    public static let kinds = [
        "terminal-offline", "wipe-failed", "sync-lag", "device-missing", "printer-offline", "disk-filling",
        "clock-wrong", "profile-invalid",
    ]
}
