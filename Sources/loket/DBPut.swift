import ArgumentParser
import LoketStore

struct DBPut: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Create or update one record in one transaction.",
        discussion: """
            VALUE and ELEM are read as JSON when they parse as JSON, else as text:
            count=3 is the number 3, name=Ada the text "Ada", name='"3"' the text "3".

            Examples:
              loket db put branch.sqlite devices LPT-0042 model="ThinkPad T14" state=available
              loket db put branch.sqlite sessions s-1 --incr minutes_used=15
              loket db put branch.sqlite terminals t-1 --add tags=printer --remove tags=broken
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Argument(help: "The collection.") var collection: String
    @Argument(help: "The record id.") var id: String
    @Argument(help: "Register fields to set, as FIELD=VALUE.") var assignments: [String] = []
    @Option(name: .customLong("incr"), help: "Add N to a counter field (N < 0 subtracts): FIELD=N.") var increments:
        [String] = []
    @Option(name: .customLong("add"), help: "Add ELEM to a set field: FIELD=ELEM.") var adds: [String] = []
    @Option(name: .customLong("remove"), help: "Remove ELEM from a set field: FIELD=ELEM.") var removes: [String] = []
    @Option(help: "The scope of a new record: fleet, branch:<id>, ring:<id> or terminal:<id> (default: fleet).")
    var scope: String?

    func run() throws {
        let update = try RecordUpdate(set: assignments, increment: increments, add: adds, remove: removes)
        let replica = try CommandSupport.open(db)
        try replica.put(collection, id: id, scope: scope, update)
        if let record = try replica.record(collection, id: id) { CommandSupport.printLine(record.prettyJSON) }
        try replica.close()
    }
}
