/// What printing costs, from the installed profile's `printing` section.
public struct PrintRules: Sendable, Equatable {
    /// The CUPS queue (or `ipp://` printer address) jobs go to; `nil`: printing is off.
    public var queue: String?
    /// Pages free per card per day (escrowed at the hub). Guests have none.
    public var freePagesPerDay: Int
    /// The price of every page beyond the free ones; 0 means such pages cannot be printed
    /// — unless `freePagesPerDay` is 0 too: then printing is free and unlimited.
    public var pricePerPageCents: Int

    public init(queue: String?, freePagesPerDay: Int, pricePerPageCents: Int) {
        self.queue = queue
        self.freePagesPerDay = freePagesPerDay
        self.pricePerPageCents = pricePerPageCents
    }

    /// No limit and no price.
    public var isUnlimited: Bool { freePagesPerDay == 0 && pricePerPageCents == 0 }
}
