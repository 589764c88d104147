public import LoketProtocol

/// A terminal's last health report as the hub keeps it (document `health/<terminal>`).
public struct TerminalHealth: Codable, Sendable, Equatable {
    public var report: HealthReport
    public var receivedAtMilliseconds: Int64

    enum CodingKeys: String, CodingKey {
        case report
        case receivedAtMilliseconds = "received_at_ms"
    }

    public init(report: HealthReport, receivedAtMilliseconds: Int64) {
        self.report = report
        self.receivedAtMilliseconds = receivedAtMilliseconds
    }
}
