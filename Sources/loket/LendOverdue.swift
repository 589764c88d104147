import ArgumentParser
import LoketLending

struct LendOverdue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue",
        abstract: "Loans past their due date, most overdue first.",
        discussion: """
            Example:
              loket lend overdue --db desk.sqlite --json
            """)

    @OptionGroup var options: LendOptions

    func run() throws {
        let loans = try options.open().overdue()
        try options.print(loans) {
            loans.isEmpty ? "nothing overdue" : loans.map(LendText.loan).joined(separator: "\n")
        }
    }
}
