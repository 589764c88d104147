import ArgumentParser
import LoketSync
import LoketSyncClient

struct ChangesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge a file of changes (binary or JSON) into the replica.",
        discussion: """
            All in one transaction. A file that is damaged is refused whole, with the
            byte offset of the damage; changes this replica cannot take (unknown
            collection, clock too far ahead) are kept in its quarantine (see `loket
            changes quarantine`). Importing twice is harmless.

            Such a file is not signed by the changes' origins, so a terminal enrolled at a
            hub refuses it: it takes other replicas' changes from its hub only. Pass
            --unverified to apply one anyway (a lab replica, a repair).

            Example:
              loket changes import there.sqlite /media/usb/changes.lkc
            """)

    @Argument(help: "The replica's SQLite file.") var db: String
    @Argument(help: "The file from `loket changes export`.") var file: String
    @Flag(help: "Apply the file even to a terminal enrolled at a hub (its changes are not signed by their origins).")
    var unverified = false

    func run() throws {
        let bytes = try CommandSupport.readFile(file, what: "changes file")
        let changeset: Changeset
        do { changeset = try Changeset(decoding: bytes) } catch { throw CommandError("\(file): \(error)") }
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        if !unverified, let hub = try SyncStatus.enrolledHub(of: replica) {
            throw CommandError(
                "\(db) is a terminal enrolled at \(hub): it takes other replicas' changes from its hub only, and \(file) is not signed by their origins; pass --unverified to apply it anyway"
            )
        }
        let report = try replica.merge(changeset)
        CommandSupport.printLine("\(changeset.changes.count) changes read: \(report)")
    }
}
