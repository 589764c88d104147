import LoketLending

/// Writes each notice as an e-mail into a mail drop folder (RFC 5322 files, handed to the
/// mail server by a job, as the desks' reminders are: docs/OPERATIONS.md).
public struct MailDropNotifier: AlertNotifier {
    let drop: MailDropSender
    let to: String

    public init(folder: String, from: String, to: String) {
        drop = MailDropSender(folder: folder, from: from)
        self.to = to
    }

    public func send(_ notice: AlertNotice) async throws {
        let alert = notice.alert
        let body = """
            \(notice.summary)

            Terminal: \(alert.terminal)
            Branch: \(alert.branch ?? "-")
            Alert: \(alert.kind) \(alert.subject == "-" ? "" : alert.subject)
            What: \(alert.detail)

            The fleet console shows every open alert.
            """
        let message = ReminderMessage(to: to, address: nil, subject: "[Loket] " + notice.summary, body: body)
        let id =
            "alert-\(alert.id)-\(notice.event.rawValue)-\(notice.event == .raised ? alert.raisedAtMilliseconds : alert.clearedAtMilliseconds ?? 0)"
        try await drop.send(message, id: id.replacingOccurrences(of: ":", with: "-"))
    }
}
