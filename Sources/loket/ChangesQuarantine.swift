import ArgumentParser
import LoketSync

struct ChangesQuarantine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List the changes this replica refused, with the reason.",
        discussion: """
            Nothing refused is dropped. `--retry` applies again what the replica can
            take now (after `db init --schema` added a collection, or the clock caught
            up).

            Example:
              loket changes quarantine branch.sqlite --retry
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Flag(help: "Try the quarantined changes again.") var retry = false

    func run() throws {
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        if retry { CommandSupport.printLine("retried: \(try replica.retryQuarantine())") }
        let entries = try replica.quarantine()
        let list = entries.map(\.json)
        CommandSupport.printLine(FieldValue.array(list).prettyJSON)
    }
}
