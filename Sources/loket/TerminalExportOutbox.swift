import ArgumentParser
import Foundation
import LoketSyncClient

struct TerminalExportOutbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-outbox",
        abstract: "Write the terminal's unsent changes to a file signed with its key, for a hub it cannot reach.",
        discussion: """
            For a terminal whose hub is out of reach for long: carry the file to the hub
            and run `loket hub import-outbox` there. The hub takes it as this terminal's
            push (its signature checked against the key the terminal enrolled with); the
            terminal learns at its next sync that the hub has the changes, and sends
            nothing twice. A file holds up to 10,000 write transactions or 16 MiB; the
            command says how to export the rest.

            Example:
              loket terminal export-outbox --db /var/lib/loket/terminal.sqlite -o /media/usb/outbox.lkof
            """)

    @Option(help: "The terminal's replica (SQLite file).") var db: String
    @Option(name: .shortAndLong, help: "The file to write.") var output: String
    @Option(help: "Start after this outbox number (the last one of the previous file).") var after: Int64 = 0

    func run() throws {
        let replica = try CommandSupport.open(db)
        defer { try? replica.close() }
        let export = try OutboxExport(replica: replica, after: after)
        guard let last = export.lastSequence else {
            CommandSupport.printLine(
                after == 0 ? "the outbox is empty: nothing to export" : "nothing in the outbox after \(after)")
            return
        }
        do { try Data(export.file).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            throw CommandError("cannot write \(output): \(error.localizedDescription)")
        }
        CommandSupport.printLine(
            "\(export.entries) outbox entries (\(export.changes) changes, through number \(last)) written to \(output)")
        if export.remaining > 0 {
            CommandSupport.printLine(
                "\(export.remaining) more: loket terminal export-outbox --db \(db) --after \(last) -o NEXT-FILE")
        }
    }
}
