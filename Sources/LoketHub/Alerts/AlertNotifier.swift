/// Sends alert notices somewhere people see them. Pluggable: a webhook
/// (``WebhookNotifier``: chat, paging, a ticket system), a mail drop
/// (``MailDropNotifier``), or anything behind this protocol. A notice that throws is sent
/// again at the hub's next check; nothing is dropped.
public protocol AlertNotifier: Sendable {
    func send(_ notice: AlertNotice) async throws
}
