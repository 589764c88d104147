/// Sends reminder e-mails: the desk's queue hands each one here and marks it sent when this
/// returns, or tries again next round when it throws. Pluggable: a mail drop folder
/// (``MailDropSender``) is what Loket brings; an SMTP relay or a council's messaging
/// service fits behind the same protocol.
public protocol NoticeSender: Sendable {
    func send(_ message: ReminderMessage, id: String) async throws
}
