import ArgumentParser
import LoketLending

struct LendBorrower: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "borrower",
        abstract: "Record that a borrower wants reminders, and how to reach them — or forget it.",
        discussion: """
            Only with the borrower's consent: an e-mail address, a postal address for a
            printed letter, or both. --forget deletes them (and reminders not sent yet).
            They are deleted anyway once the borrower's loans have left the history.

            Example:
              loket lend borrower card-0011… --email lener@example.nl --db desk.sqlite
              loket lend borrower card-0011… --forget --db desk.sqlite
            """)

    @Argument(help: "The borrower's card token (card-…).") var token: String
    @Option(help: "Their e-mail address.") var email: String?
    @Option(help: "Their postal address (lines separated by \\n).") var address: String?
    @Option(help: "The language of their reminders: nl or en.") var language = "nl"
    @Flag(help: "Forget how to reach them.") var forget = false
    @OptionGroup var options: LendOptions

    func run() throws {
        let desk = try options.open()
        if forget {
            try desk.optOut(token)
            try options.print(["forgotten": true]) { "the borrower's contact details are deleted" }
            return
        }
        let borrower = try desk.optIn(
            token, email: email, address: address?.replacingOccurrences(of: "\\n", with: "\n"), language: language)
        try options.print(borrower) {
            "reminders on: \([borrower.email, borrower.address == nil ? nil : "letter"].compactMap { $0 }.joined(separator: ", "))"
        }
    }
}
