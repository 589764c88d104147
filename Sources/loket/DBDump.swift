import ArgumentParser

struct DBDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print every live record as JSON.",
        discussion: """
            {"collection": [record, …]}, records sorted by id, keys sorted:
            deterministic, so two replicas that converged print identical bytes.

            Example:
              diff <(loket db dump a.sqlite) <(loket db dump b.sqlite) && echo converged
            """)

    @Argument(help: "The replica's SQLite file.") var db: String

    func run() throws {
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        CommandSupport.printLine(try replica.dump().prettyJSON)
    }
}
