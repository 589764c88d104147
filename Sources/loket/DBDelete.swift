import ArgumentParser

struct DBDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete one record.",
        discussion: """
            The delete syncs like any write. A later put re-creates the record with
            fresh fields.

            Example:
              loket db delete branch.sqlite devices LPT-0042
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Argument(help: "The collection.") var collection: String
    @Argument(help: "The record id.") var id: String

    func run() throws {
        let replica = try CommandSupport.open(db)
        try replica.delete(collection, id: id)
        try replica.close()
    }
}
