/// What a notifier is handed: an alert raised or cleared.
public struct AlertNotice: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable {
        case raised, cleared
    }

    public var event: Event
    public var alert: FleetAlert

    public init(event: Event, alert: FleetAlert) {
        self.event = event
        self.alert = alert
    }

    /// One line for people: `RAISED centrum-01 printer-offline: the printer does not take jobs`.
    public var summary: String {
        "\(event == .raised ? "RAISED" : "CLEARED") \(alert.terminal) \(alert.kind)"
            + (alert.subject == "-" ? "" : " \(alert.subject)") + ": \(alert.detail)"
    }
}
