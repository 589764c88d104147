import ArgumentParser
import LoketLending

struct LendResolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflict with a note; for a double loan, say which loan stands.",
        discussion: """
            The resolution syncs to every desk like any write. For a double loan,
            --keep LOAN keeps that loan; the others then no longer count as out (not
            overdue, not against the borrower's limit). Without --keep every loan stands.

            Example:
              loket lend resolve double-loan-1f2e… --keep 5b7c… \\
                  --note "Bob has it; Alice's loan was a wrong scan" --db desk.sqlite
            """)

    @Argument(help: "The conflict's id (from `loket lend conflicts`).") var id: String
    @Option(help: "For a double loan: the loan that stands.") var keep: String?
    @Option(help: "What was found out.") var note: String
    @OptionGroup var options: LendOptions

    func run() throws {
        let conflict = try options.open().resolve(id, keep: keep, note: note)
        try options.print(conflict) { LendText.conflict(conflict) }
    }
}
