import ArgumentParser
import LoketLending

struct LendPurge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete loan history older than the retention period (the agent does this hourly).",
        discussion: """
            Loans returned longer ago than the retention period (the profile's
            lending.retentionDays, 28 days unless it says otherwise), their returns, closed reservations and settled
            conflicts whose loans are gone. The deletes sync: every replica forgets the
            same history. Anonymous statistics stay.

            Example:
              loket lend purge --db desk.sqlite
            """)

    @Option(
        name: .customLong("retention-days"),
        help: "Days to keep history after the return (default: the profile's lending.retentionDays, else 28).")
    var retentionDays: Int?
    @OptionGroup var options: LendOptions

    func run() throws {
        if let retentionDays, retentionDays < 0 { throw ValidationError("--retention-days must be 0 or more") }
        let desk = try options.open { rules in
            if let retentionDays { rules.retentionDays = retentionDays }
        }
        let report = try desk.purgeHistory()
        try options.print(report) {
            "purged \(report.loans) loans, \(report.returns) returns, \(report.notices) reminders, "
                + "\(report.reservations) reservations, \(report.borrowers) borrowers' contact details, "
                + "\(report.resolutions) resolutions"
        }
    }
}
