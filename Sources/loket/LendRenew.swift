import ArgumentParser
import LoketLending

struct LendRenew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Give a loan another period, from its due date (or today when overdue).",
        discussion: """
            Refused when the loan was renewed as often as the branch allows, or when
            borrowers wait for this kind of device and none is free.

            Example:
              loket lend renew LPT-0042 --db desk.sqlite
            """)

    @Argument(help: "The device's asset tag.") var tag: String
    @OptionGroup var options: LendOptions

    func run() throws {
        let loan = try options.open().renew(tag)
        try options.print(loan) { LendText.loan(loan) }
    }
}
