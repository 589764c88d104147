import ArgumentParser

struct DBGet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one record as JSON.",
        discussion: """
            Exits with 1 and a message when the record does not exist.

            Example:
              loket db get branch.sqlite devices LPT-0042
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Argument(help: "The collection.") var collection: String
    @Argument(help: "The record id.") var id: String

    func run() throws {
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        guard let record = try replica.record(collection, id: id) else {
            throw CommandError("\(collection)/\(id) does not exist in \(db)")
        }
        CommandSupport.printLine(record.prettyJSON)
    }
}
