import ArgumentParser
import LoketStore
import LoketSync

struct DBInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a replica (or add collections and fields to an existing one).",
        discussion: """
            Creates the SQLite file DB with the built-in collections, plus those of
            --schema. Run again on an existing replica with a larger schema to add
            collections and fields; all data is kept. Changing a field's kind is
            refused.

            Schema file:
              {"collections": {"notes": {"fields": {"text": "register", "likes": "counter", "tags": "set"}}}}

            Example:
              loket db init branch.sqlite --replica-id desk-centrum-1 --schema notes.json
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Option(help: "A JSON schema file with more collections.") var schema: String?
    @Option(name: .customLong("replica-id"), help: "The replica's id (default: a random one).") var replicaID: String?

    func run() throws {
        var configuration = ReplicaConfiguration()
        if let replicaID {
            do { configuration.replicaID = try ReplicaID(replicaID) } catch {
                throw ValidationError("--replica-id: \(error)")
            }
        }
        var declared = Schema.builtIn
        if let schema {
            let text = String(decoding: try CommandSupport.readFile(schema, what: "schema file"), as: UTF8.self)
            do { declared = try declared.adding(try Schema(json: text)) } catch {
                throw CommandError("\(schema): \(error)")
            }
        }
        configuration.schema = declared
        let replica = try Replica(path: db, configuration: configuration, logger: CommandSupport.logger)
        CommandSupport.printLine(
            "replica \(replica.id) at \(db): \(replica.schema.collectionNames.joined(separator: ", "))")
        try replica.close()
    }
}
