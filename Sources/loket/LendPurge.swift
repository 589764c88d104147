import ArgumentParser
import LoketLending

struct LendPurge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete loan history older than the retention period (the agent does this hourly).",
        discussion: """
            Loans returned longer ago than the retention period (28 days unless the
            profile says otherwise), their returns, closed reservations and settled
            conflicts whose loans are gone. The deletes sync: every replica forgets the
            same history. Anonymous statistics stay.

            Example:
              loket lend purge --db desk.sqlite
            """)

    @Option(name: .customLong("retention-days"), help: "Days to keep history after the return.") var retentionDays = 28
    @OptionGroup var options: LendOptions

    func run() throws {
        guard retentionDays >= 0 else { throw ValidationError("--retention-days must be 0 or more") }
        let desk = try options.open(rules: LendingRules(retentionDays: retentionDays))
        let report = try desk.purgeHistory()
        try options.print(report) {
            "purged \(report.loans) loans, \(report.returns) returns, \(report.reservations) reservations, \(report.resolutions) resolutions"
        }
    }
}
