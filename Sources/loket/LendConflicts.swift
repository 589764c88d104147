import ArgumentParser
import LoketLending

struct LendConflicts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "What desks did while apart that cannot both be true, to settle.",
        discussion: """
            double-loan: one device lent at two desks at once (both loans are kept);
            double-return: one loan returned twice; returned-elsewhere: a device returned
            at another branch than the one that lent it. Settle one with `loket lend
            resolve`; with --all the settled ones are listed too. Exits 0 either way.

            Example:
              loket lend conflicts --db desk.sqlite
            """)

    @Flag(help: "List settled conflicts too.") var all = false
    @OptionGroup var options: LendOptions

    func run() throws {
        let conflicts = try options.open().conflicts(includeResolved: all)
        try options.print(conflicts) {
            conflicts.isEmpty ? "no conflicts" : conflicts.map(LendText.conflict).joined(separator: "\n")
        }
    }
}
