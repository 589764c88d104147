/// Something wrong with a terminal right now, before the hub keeps it as a ``FleetAlert``.
public struct AlertCondition: Sendable, Equatable {
    public var kind: String
    public var subject: String
    public var detail: String

    public init(kind: String, subject: String = "-", detail: String) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
    }
}
