import ArgumentParser
import Foundation
import LoketLending

struct LendStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Anonymous lending statistics per week and kind: loans, returns, late returns.",
        discussion: """
            They name no borrower and no device, and stay when loan history is purged.
            --csv writes week,branch,kind,loans,returned,returned_late,late_rate.

            Example:
              loket lend stats --csv --db desk.sqlite > lending.csv
            """)

    @Flag(help: "Print CSV.") var csv = false
    @OptionGroup var options: LendOptions

    func run() throws {
        let rows = try options.open().statistics()
        if csv {
            FileHandle.standardOutput.write(Data(LendingStatistics.csv(rows).utf8))
            return
        }
        try options.print(rows) {
            rows.isEmpty
                ? "no loans yet"
                : rows.map {
                    "\($0.week)  \($0.branch)  \($0.kind.rawValue)  \($0.loans) lent, \($0.returned) back, \($0.returnedLate) late"
                }.joined(separator: "\n")
        }
    }
}
