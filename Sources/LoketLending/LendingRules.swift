/// A branch's lending rules. The defaults suit a public library's loan laptops.
public struct LendingRules: Sendable, Equatable {
    /// How long a loan lasts, in days (default 21).
    public var loanDays: Int
    /// How many devices one borrower may have out at a branch at once (default 1).
    public var maximumLoansPerBorrower: Int
    /// How often a loan may be renewed (default 2); each renewal adds `loanDays`.
    public var maximumRenewals: Int
    /// How long a device waits for the borrower whose reservation it serves, in days (default 3).
    public var holdDays: Int
    /// How long loan history is kept after the return, in days (default 28).
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

    /// Milliseconds in a day.
    static let day: Int64 = 86_400_000
}
