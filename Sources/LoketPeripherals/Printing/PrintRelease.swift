/// What releasing a visitor's held jobs did.
public struct PrintRelease: Sendable, Equatable {
    /// Jobs released to the printer.
    public var jobs: Int = 0
    public var pages: Int = 0
    /// Of those, pages beyond the free ones, to be paid at the price of the profile.
    public var chargedPages: Int = 0
    /// What the charged pages cost, in cents.
    public var chargeCents: Int = 0
    /// Jobs that stay held because the day's free pages are used up and further pages have
    /// no price.
    public var stillHeld: Int = 0

    public init() {}
}
