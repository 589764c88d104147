import ArgumentParser
import Foundation
import LoketLending

struct LendReminders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Queue reminders for overdue loans, send the e-mails, print the letters.",
        discussion: """
            Queues one reminder per overdue loan whose borrower asked for reminders (the
            agent does this every hour). With --mail-drop, e-mails are written there as
            RFC 5322 messages for the mail server to pick up. With --letters FILE, the
            queued letters are written to FILE (form feeds between them) to print, and
            marked sent. Without either, lists the queue.

            Example:
              loket lend reminders --mail-drop /var/spool/loket/mail --from balie@bieb.example.nl --db desk.sqlite
              loket lend reminders --letters letters.txt --db desk.sqlite && lp letters.txt
            """)

    @Option(name: .customLong("mail-drop"), help: "A folder to write reminder e-mails into.") var mailDrop: String?
    @Option(help: "The sender of the e-mails (From:).") var from: String?
    @Option(help: "Write the queued letters to this file.") var letters: String?
    @OptionGroup var options: LendOptions

    func validate() throws {
        if mailDrop != nil, from == nil {
            throw ValidationError("--mail-drop needs --from (the address e-mails come from)")
        }
    }

    func run() async throws {
        let desk = try options.open()
        let queued = try desk.queueReminders()
        var sent = 0
        if let mailDrop, let from {
            sent = try await desk.sendReminders(with: MailDropSender(folder: mailDrop, from: from))
        }
        var printed = 0
        if let letters {
            let ready = try desk.letters()
            let text = ready.map(\.letter).joined(separator: "\u{0C}")
            guard FileManager.default.createFile(atPath: letters, contents: Data(text.utf8)) else {
                throw CommandError("cannot write \(letters)")
            }
            try desk.lettersPrinted(ready.map(\.notice.id))
            printed = ready.count
        }
        let notices = try desk.notices()
        try options.print(notices) {
            "queued \(queued), e-mailed \(sent), letters written \(printed)\n"
                + notices.map { "\($0.id)  \($0.device)  \($0.channel.rawValue)  \($0.state.rawValue)" }.joined(
                    separator: "\n")
        }
    }
}
