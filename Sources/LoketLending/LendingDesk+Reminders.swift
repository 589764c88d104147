public import Foundation
import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Queues an overdue reminder for every loan past its due date whose borrower asked for
    /// reminders and has none queued or sent for it: by e-mail when they gave an address
    /// for it, else as a letter. Answers how many were queued.
    @discardableResult
    public func queueReminders() throws -> Int {
        let overdue = try overdue()
        guard !overdue.isEmpty else { return 0 }
        return try replica.write { tx in
            var queued = 0
            for loan in overdue {
                let id = "\(loan.id)/overdue"
                let known = try tx.read {
                    try Bool.fetchOne($0, sql: "SELECT 1 FROM notices WHERE id = ?", arguments: [id]) ?? false
                }
                guard !known,
                    let contact = try tx.read({
                        try Row.fetchOne(
                            $0, sql: "SELECT email, reminders FROM \(Self.borrowerRow)",
                            arguments: [Self.borrowerID(loan.borrower, branch: branch), loan.borrower])
                    }),
                    (contact["reminders"] as Bool?) == true
                else { continue }
                let channel: Notice.Channel = (contact["email"] as String?) != nil ? .email : .letter
                let scope = try tx.read {
                    try String.fetchOne($0, sql: "SELECT scope FROM loans WHERE id = ?", arguments: [loan.id])
                }
                try tx.put(
                    "notices", id: id, scope: scope ?? "branch:\(branch)",
                    RecordUpdate(set: [
                        "loan": .string(loan.id), "device": .string(loan.device), "borrower": .string(loan.borrower),
                        "kind": .string("overdue"), "channel": .string(channel.rawValue),
                        "state": .string(Notice.State.queued.rawValue), "due_at": .int(loan.dueAt),
                        "created_at": .int(now),
                    ]))
                queued += 1
            }
            return queued
        }
    }

    /// The reminders in the queue (all, or only those in `state`), oldest due first.
    public func notices(state: Notice.State? = nil) throws -> [Notice] {
        try replica.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, loan, device, borrower, kind, channel, state, due_at, attempts, error FROM notices
                    \(state == nil ? "" : "WHERE state = ?") ORDER BY due_at, id
                    """, arguments: StatementArguments(state.map { [$0.rawValue] } ?? [])
            ).map {
                Notice(
                    id: $0["id"], loan: $0["loan"] ?? "", device: $0["device"] ?? "", borrower: $0["borrower"] ?? "",
                    kind: $0["kind"] ?? "", channel: Notice.Channel(rawValue: $0["channel"] ?? "") ?? .letter,
                    state: Notice.State(rawValue: $0["state"] ?? "") ?? .failed, dueAt: $0["due_at"] ?? 0,
                    attempts: $0["attempts"] ?? 0, error: $0["error"])
            }
        }
    }

    /// A reminder's words for its borrower (e-mail address or postal address with it).
    public func message(for notice: Notice, timeZone: TimeZone = .current) throws -> ReminderMessage {
        let contact = try borrower(notice.borrower)
        let model = (try? device(notice.device).model) ?? notice.device
        let branch =
            try replica.read {
                try String.fetchOne($0, sql: "SELECT branch FROM loans WHERE id = ?", arguments: [notice.loan])
            }
            ?? self.branch
        return ReminderMessage.overdue(
            device: notice.device, model: model, dueAt: notice.dueAt, branch: branch,
            language: contact?.language ?? "nl", timeZone: timeZone, to: contact?.email, address: contact?.address)
    }

    /// Sends the queued e-mail reminders through `sender`; one that fails stays queued and
    /// is tried again next time, until its fifth try fails (then: failed, with the reason).
    /// Answers how many were sent.
    @discardableResult
    public func sendReminders(with sender: any NoticeSender, timeZone: TimeZone = .current) async throws -> Int {
        var sent = 0
        for notice in try notices(state: .queued) where notice.channel == .email {
            do {
                try await sender.send(try message(for: notice, timeZone: timeZone), id: notice.id)
                try replica.put(
                    "notices", id: notice.id,
                    RecordUpdate(
                        set: ["state": .string(Notice.State.sent.rawValue), "sent_at": .int(now), "error": .null],
                        increment: ["attempts": 1]))
                sent += 1
            } catch {
                let state: Notice.State = notice.attempts + 1 >= 5 ? .failed : .queued
                try replica.put(
                    "notices", id: notice.id,
                    RecordUpdate(
                        set: ["state": .string(state.rawValue), "error": .string("\(error)")],
                        increment: ["attempts": 1]))
                logger.warning(
                    "a reminder could not be sent", metadata: ["notice": "\(notice.id)", "error": "\(error)"])
            }
        }
        return sent
    }

    /// The queued letters, ready to print (address block, then the reminder).
    public func letters(timeZone: TimeZone = .current) throws -> [(notice: Notice, letter: String)] {
        try notices(state: .queued).filter { $0.channel == .letter }.map {
            ($0, try message(for: $0, timeZone: timeZone).letter)
        }
    }

    /// Marks letters as printed (sent). Only queued letters: another id is refused, so no
    /// stray record is made.
    public func lettersPrinted(_ ids: [String]) throws {
        try replica.write { tx in
            for id in ids {
                let queued = try tx.read {
                    try Bool.fetchOne(
                        $0, sql: "SELECT 1 FROM notices WHERE id = ? AND channel = 'letter' AND state = 'queued'",
                        arguments: [id]) ?? false
                }
                guard queued else { throw LendingError(.notFound, "no queued letter \(id)") }
                try tx.put(
                    "notices", id: id,
                    RecordUpdate(
                        set: ["state": .string(Notice.State.sent.rawValue), "sent_at": .int(now)],
                        increment: ["attempts": 1]))
            }
        }
    }
}
