public import Foundation
public import LoketLending
public import LoketPeripherals

extension LendingDesk {
    /// Prints a loan's receipt — device, model, lent and due dates, the branch; no name —
    /// on `printer`. The loan stands whatever the printer does.
    public func printReceipt(for loan: Loan, on printer: ReceiptPrinter, timeZone: TimeZone) throws {
        let device = try device(loan.device)
        _ = try printer.print(
            LoanReceipt(
                branch: loan.branch, model: device.model, assetTag: loan.device,
                lentAt: LendingDates.date(loan.outAt), dueAt: LendingDates.date(loan.dueAt), timeZone: timeZone
            ).lines())
    }
}
