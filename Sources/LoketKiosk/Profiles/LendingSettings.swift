public import LoketLending

/// The lending desk's rules at a branch (docs/LENDING.md): how long a loan lasts, how many
/// devices a borrower may have, renewals, how long a device waits for a reservation, and
/// how long loan history is kept after the return.
public struct LendingSettings: Sendable, Equatable, Codable {
    /// Days a loan lasts, 1–365. The default is 21.
    public var loanDays: Int
    /// Devices one borrower may have out at the branch at once, 1–20. The default is 1.
    public var maxLoansPerBorrower: Int
    /// Renewals of one loan, 0–10. The default is 2.
    public var maxRenewals: Int
    /// Days a device is held for a borrower on the waiting list, 1–30. The default is 3.
    public var holdDays: Int
    /// Days loan history is kept after the return, 0–365; then it is deleted on every
    /// replica. The default is 28.
    public var retentionDays: Int

    public init(
        loanDays: Int = 21, maxLoansPerBorrower: Int = 1, maxRenewals: Int = 2, holdDays: Int = 3,
        retentionDays: Int = 28
    ) {
        self.loanDays = loanDays
        self.maxLoansPerBorrower = maxLoansPerBorrower
        self.maxRenewals = maxRenewals
        self.holdDays = holdDays
        self.retentionDays = retentionDays
    }

    /// The desk's rules.
    public var rules: LendingRules {
        LendingRules(
            loanDays: loanDays, maximumLoansPerBorrower: maxLoansPerBorrower, maximumRenewals: maxRenewals,
            holdDays: holdDays, retentionDays: retentionDays)
    }
}
