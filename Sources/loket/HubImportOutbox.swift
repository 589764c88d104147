import ArgumentParser
import LoketHub

struct HubImportOutbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-outbox",
        abstract: "Take a terminal's outbox file (from `loket terminal export-outbox`) as that terminal's push.",
        discussion: """
            Refused whole unless the file names a terminal enrolled here and is signed with
            the key it enrolled with (a file altered on the way, or made in another
            terminal's name, is refused). Then each change goes through the same rules as
            a push over the network: only the terminal's own changes, in its scopes, to
            records of its scopes. Importing a file twice applies nothing twice. Changes
            refused are listed with their reasons; the import, or why the file was refused,
            is in the audit log. Run it on the hub machine.

            Example:
              loket hub import-outbox --data /var/lib/loket/hub /media/usb/outbox.lkof
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Argument(help: "The outbox file.") var file: String

    func run() async throws {
        let bytes = try CommandSupport.readFile(file, what: "outbox file")
        let (terminal, receipt) = try await HubSetup.withHub(data: data, store: store, logger: CommandSupport.logger) {
            try await $0.importOutbox(bytes, by: HubSetup.operatorName)
        }
        CommandSupport.printLine(
            "terminal \(terminal): \(receipt.accepted) changes accepted, \(receipt.refused.count) refused; acknowledged through \(receipt.acknowledgedThrough)"
        )
        for refusal in receipt.refused {
            CommandSupport.printLine(
                "refused: entry \(refusal.sequence), change \(refusal.index): \(refusal.code): \(refusal.reason)")
        }
    }
}
