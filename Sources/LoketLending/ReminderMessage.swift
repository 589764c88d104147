public import Foundation

/// A reminder's words, in the borrower's language: a subject and a body, used for the
/// e-mail and for the printed letter (which adds the address block). Names no person.
public struct ReminderMessage: Sendable, Equatable {
    public var to: String?
    public var address: String?
    public var subject: String
    public var body: String

    public init(to: String?, address: String?, subject: String, body: String) {
        self.to = to
        self.address = address
        self.subject = subject
        self.body = body
    }

    /// The overdue reminder for `device`, due on `dueAt`, lent at `branch`.
    public static func overdue(
        device: String, model: String, dueAt: Int64, branch: String, language: String, timeZone: TimeZone,
        to: String?, address: String?
    ) -> ReminderMessage {
        let due = LendingDates.long(dueAt, language: language, timeZone: timeZone)
        if language == "en" {
            return ReminderMessage(
                to: to, address: address, subject: "Please bring back the \(model) (\(device))",
                body: """
                    Dear borrower,

                    The \(model) with number \(device) that you borrowed from branch \(branch) was due back on \(due).
                    Please bring it back to the desk soon, with its charger. Need it longer? Ask at the desk.

                    Kind regards,
                    Branch \(branch)
                    """)
        }
        return ReminderMessage(
            to: to, address: address, subject: "Wilt u de \(model) (\(device)) terugbrengen?",
            body: """
                Beste lener,

                U heeft bij vestiging \(branch) de \(model) met nummer \(device) geleend. U zou die op \(due) terugbrengen.
                Wilt u het apparaat met de lader snel terugbrengen naar de balie? Heeft u het langer nodig? Vraag het aan de balie.

                Met vriendelijke groet,
                Vestiging \(branch)
                """)
    }

    /// The printed letter: the address block, then the body.
    public var letter: String {
        ((address.map { $0 + "\n\n\n" }) ?? "") + subject + "\n\n" + body + "\n"
    }
}
