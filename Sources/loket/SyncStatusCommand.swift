import ArgumentParser
import LoketStore
import LoketSyncClient

struct SyncStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show online/degraded/offline, the outbox, the quarantine and the last sync.",
        discussion: """
            online: the last round succeeded recently; degraded: failing, but a round
            succeeded within two minutes; offline: no success for longer, or never.
            Refused changes are in the quarantine with their reason (loket changes
            quarantine DB lists them).

            Example:
              loket sync status --db terminal.sqlite --json
            """)

    @Option(help: "The terminal's replica (SQLite file).") var db: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let replica = try CommandSupport.open(db)
        let status = try SyncStatus.read(
            from: replica, configuration: SyncConfiguration(),
            now: Int64(clamping: SystemWallClock().nowMilliseconds()))
        try replica.close()
        CommandSupport.printLine(json ? status.json.prettyJSON : status.text)
    }
}
