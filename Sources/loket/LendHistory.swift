import ArgumentParser
import LoketLending

struct LendHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The loans of a device or of a borrower, newest first.",
        discussion: """
            Only what the retention period left: returned loans are purged after it.

            Example:
              loket lend history LPT-0042 --db desk.sqlite
              loket lend history --borrower card-00112233445566778899aabbccddeeff --db desk.sqlite
            """)

    @Argument(help: "The device's asset tag.") var tag: String?
    @Option(help: "A borrower's card token instead.") var borrower: String?
    @OptionGroup var options: LendOptions

    func validate() throws {
        guard (tag == nil) != (borrower == nil) else { throw ValidationError("give a device's tag or --borrower") }
    }

    func run() throws {
        let loans = try options.open().history(device: tag, borrower: borrower)
        try options.print(loans) { loans.isEmpty ? "no loans" : loans.map(LendText.loan).joined(separator: "\n") }
    }
}
