import ArgumentParser

struct ChangesVV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vv",
        abstract: "Print the replica's version vector as JSON.",
        discussion: """
            {"replica-id": [milliseconds, counter], …}: per origin replica, the hybrid
            time up to which this replica holds all its changes. Give it to `changes
            export --since` at another replica.

            Example:
              loket changes vv branch.sqlite > branch-vv.json
            """)

    @Argument(help: "The replica's SQLite file.") var db: String

    func run() throws {
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        CommandSupport.printLine(try replica.versionVector().json.prettyJSON)
    }
}
