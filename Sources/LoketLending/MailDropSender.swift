import Foundation

/// Sends reminders by writing each as an RFC 5322 message (`<id>.eml`, UTF-8, 8bit body,
/// the subject encoded) into a folder, for a job that hands each file to the mail server
/// (`sendmail -t -oi`; docs/OPERATIONS.md). Written to a temporary name, synced, then
/// renamed: a reader never sees half a message, and the same reminder twice overwrites
/// itself.
public struct MailDropSender: NoticeSender {
    public let folder: String
    public let from: String

    public init(folder: String, from: String) {
        self.folder = folder
        self.from = from
    }

    public func send(_ message: ReminderMessage, id: String) async throws {
        guard let to = message.to else { throw LendingError(.invalidInput, "reminder \(id) has no e-mail address") }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let name = id.replacingOccurrences(of: "/", with: "-")
        let date = DateFormatter()
        date.locale = Locale(identifier: "en_US_POSIX")
        date.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let subject = "=?UTF-8?B?\(Data(message.subject.utf8).base64EncodedString())?="
        let text = [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: \(date.string(from: Date()))",
            "Message-ID: <\(name)@loket>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "", message.body.replacingOccurrences(of: "\n", with: "\r\n"), "",
        ].joined(separator: "\r\n")
        let final = (folder as NSString).appendingPathComponent("\(name).eml")
        let temporary = (folder as NSString).appendingPathComponent(".\(name).tmp")
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw LendingError(.unavailable, "cannot write \(temporary): is the mail drop folder writable?")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        if rename(temporary, final) != 0 {
            throw LendingError(.unavailable, "cannot move \(temporary) to \(final): errno \(errno)")
        }
    }
}
