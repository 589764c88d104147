/// A branch's lending rules, from the kiosk profile's `lending` section (docs/PROFILES.md;
/// the coding keys are the profile's field names). The defaults suit a public library's
/// loan laptops.
public struct LendingRules: Sendable, Equatable, Codable {
    /// Days a loan lasts, 1–365; a renewal adds as many. The default is 21.
    public var loanDays: Int
    /// Devices one borrower may have out at a branch at once, 1–20. The default is 1.
    public var maximumLoansPerBorrower: Int
    /// Renewals of one loan, 0–10. The default is 2.
    public var maximumRenewals: Int
    /// Days a device is held for a borrower on the waiting list, 1–30. The default is 3.
    public var holdDays: Int
    /// Days loan history is kept after the return, 0–365; then it is deleted on every
    /// replica. The default is 28.
    public var retentionDays: Int

    public init(
        loanDays: Int = 21, maximumLoansPerBorrower: Int = 1, maximumRenewals: Int = 2, holdDays: Int = 3,
        retentionDays: Int = 28
    ) {
        self.loanDays = loanDays
        self.maximumLoansPerBorrower = maximumLoansPerBorrower
        self.maximumRenewals = maximumRenewals
        self.holdDays = holdDays
        self.retentionDays = retentionDays
    }

    enum CodingKeys: String, CodingKey {
        case loanDays, maximumLoansPerBorrower = "maxLoansPerBorrower", maximumRenewals = "maxRenewals", holdDays
        case retentionDays
    }

    /// Milliseconds in a day.
    static let day: Int64 = 86_400_000
}
