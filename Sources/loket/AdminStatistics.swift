import ArgumentParser
import LoketHub

struct AdminStatistics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statistics",
        abstract: "Download anonymous statistics as CSV: sessions, questions, prints or loans.",
        discussion: """
            sessions: visitor sessions per hour and branch, by kind, with their minutes.
            questions: information-point questions per day, branch and topic.
            prints: print jobs per day and branch: jobs, pages, pages charged, failed.
            loans: loans per ISO week, branch and kind: lent, returned, returned late.
            Counts only: no card, name, document or device is in them. An admin key gets
            the fleet's, a staff key its branch's rows.

            Example:
              loket admin statistics --table sessions --hub https://hub.example --key admin.key > sessions.csv
            """)

    @OptionGroup var options: HubAdminOptions
    @Option(help: "sessions, questions, prints or loans.") var table: String

    func validate() throws {
        guard FleetStatistics.Table(rawValue: table) != nil else {
            throw ValidationError("--table must be sessions, questions, prints or loans, got \(table)")
        }
    }

    func run() async throws {
        let text = try await options.withClient { try await $0.statistics(table) }
        print(text, terminator: "")
    }
}
