import ArgumentParser
import Foundation
import LoketKiosk
import LoketLending
import LoketPeripherals

struct LendCheckout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Lend a device to a borrower (their card token), with a receipt if asked.",
        discussion: """
            Refused, with the reason, when the device is not available (lent, waiting
            for a wipe, broken, retired, held for someone's reservation) or the borrower
            has as many devices out at this branch as allowed. With --receipt, a loan
            receipt (device, due date; no name) is printed; the loan stands even when the
            printer fails (a warning says so).

            Example:
              loket lend checkout LPT-0042 --borrower card-00112233445566778899aabbccddeeff \\
                  --receipt /dev/loket/receipt-printer --db desk.sqlite
            """)

    @Argument(help: "The device's asset tag (scan the barcode).") var tag: String
    @Option(help: "The borrower's card token (card-…).") var borrower: String
    @Option(help: "A receipt printer: tcp://HOST[:PORT] or a device path.") var receipt: String?
    @OptionGroup var options: LendOptions

    func run() throws {
        let desk = try options.open()
        let loan = try desk.checkout(tag, borrower: borrower)
        if let receipt {
            do {
                try desk.printReceipt(
                    for: loan, on: ReceiptPrinter(destination: try ReceiptDestination.parse(receipt)),
                    timeZone: .current)
            } catch {
                CommandSupport.logger.warning("the loan stands, but its receipt was not printed: \(error)")
            }
        }
        try options.print(loan) { LendText.loan(loan) }
    }
}
