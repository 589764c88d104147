import ArgumentParser
import LoketPeripherals

struct DevicesReceipt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Print a test receipt on a receipt printer (ESC/POS).",
        discussion: """
            Prints a short receipt with every Dutch letter and the euro sign (code page
            PC858), then cuts: a check that the printer is reachable, takes ESC/POS and
            prints the characters right. --to is tcp://HOST[:PORT] (port 9100 unless
            said) or the printer's device file.

            Example:
              loket devices receipt --to /dev/loket/receipt-printer
              loket devices receipt --to tcp://192.168.1.40
            """)

    @Option(help: "tcp://HOST[:PORT] or a device path.") var to: String

    func run() throws {
        do {
            let printer = ReceiptPrinter(destination: try ReceiptDestination.parse(to))
            try printer.print([
                ReceiptLine("Loket testbon", bold: true, large: true, alignment: .center),
                ReceiptLine("é ë ï ü ö á à è ó ú ç ñ  É Ë Ü Ö"),
                ReceiptLine("€ 2,50 — vóór één uur"),
                ReceiptLine("Staat alles er goed? Dan werkt de bonprinter.", alignment: .center),
            ])
        } catch { throw CommandError("\(error)") }
        CommandSupport.printLine("test receipt sent to \(to)")
    }
}
