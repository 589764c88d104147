/// Printing from a session.
public struct PrintingSettings: Sendable, Equatable, Codable {
    /// Whether visitors may print. The default is false.
    public var enabled: Bool
    /// The CUPS queue prints go to (`[A-Za-z0-9_-]`, 1–127); required when `enabled`.
    public var queue: String?
    /// Pages a card may print free per day, 0–500; the default is 0.
    public var freePagesPerDay: Int
    /// Price of a page beyond the free ones, in euro cents, 0–500; the default is 0.
    public var pricePerPageCents: Int

    public init(enabled: Bool = false, queue: String? = nil, freePagesPerDay: Int = 0, pricePerPageCents: Int = 0) {
        self.enabled = enabled
        self.queue = queue
        self.freePagesPerDay = freePagesPerDay
        self.pricePerPageCents = pricePerPageCents
    }
}
