import Foundation
import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Records that a borrower wants reminders, and how to reach them: an e-mail address,
    /// a postal address for a printed letter, or both. Only what they give, only while
    /// they want it: ``optOut(_:)`` forgets it.
    @discardableResult
    public func optIn(_ token: String, email: String?, address: String?, language: String = "nl") throws -> Borrower {
        let token = try BorrowerToken.validate(token)
        let email = try Self.email(email)
        let address = try Self.address(address)
        guard email != nil || address != nil else {
            throw LendingError(.invalidInput, "give an e-mail address or a postal address for the reminders")
        }
        guard ["nl", "en"].contains(language) else { throw LendingError(.invalidInput, "language must be nl or en") }
        let id = Self.borrowerID(token, branch: branch)
        try replica.write { tx in
            // A record of an earlier version, named by the token alone, gives way.
            if try tx.read({ try Bool.fetchOne($0, sql: "SELECT 1 FROM borrowers WHERE id = ?", arguments: [token]) })
                != nil
            {
                try tx.delete("borrowers", id: token)
            }
            try tx.put(
                "borrowers", id: id, scope: "branch:\(branch)",
                RecordUpdate(set: [
                    "branch": .string(branch), "reminders": .bool(true), "email": email.map(FieldValue.string) ?? .null,
                    "address": address.map(FieldValue.string) ?? .null, "language": .string(language),
                    "opted_in_at": .int(now),
                ]))
            // The audit names no borrower: it says that contact details were taken.
            try audit("reminders-opt-in", "borrower-contact", at: now, in: &tx)
        }
        return Borrower(
            token: token, branch: branch, reminders: true, email: email, address: address, language: language)
    }

    /// Forgets how to reach a borrower (the record goes; reminders not sent yet are dropped).
    public func optOut(_ token: String) throws {
        let token = try BorrowerToken.validate(token)
        try replica.write { tx in
            let queued = try tx.read {
                try String.fetchAll(
                    $0, sql: "SELECT id FROM notices WHERE borrower = ? AND state = 'queued'", arguments: [token])
            }
            for id in queued { try tx.delete("notices", id: id) }
            for id in [Self.borrowerID(token, branch: branch), token]
            where try tx.read({ try Bool.fetchOne($0, sql: "SELECT 1 FROM borrowers WHERE id = ?", arguments: [id]) })
                != nil
            {
                try tx.delete("borrowers", id: id)
            }
            try audit("reminders-opt-out", "borrower-contact", at: now, in: &tx)
        }
    }

    /// The borrower's reminder settings, if they asked for reminders.
    public func borrower(_ token: String) throws -> Borrower? {
        let token = try BorrowerToken.validate(token)
        return try replica.read { db in
            try Row.fetchOne(
                db, sql: "SELECT branch, reminders, email, address, language FROM \(Self.borrowerRow)",
                arguments: [Self.borrowerID(token, branch: branch), token]
            ).map {
                Borrower(
                    token: token, branch: $0["branch"] ?? "", reminders: $0["reminders"] ?? false,
                    email: $0["email"], address: $0["address"], language: $0["language"] ?? "nl")
            }
        }
    }

    /// A borrower's record id: the desk's branch and the card token. Each branch keeps its
    /// own record of a borrower it lends to (a record stays in the scope it was made in,
    /// docs/PROTOCOL.md), so two branches never write one record.
    static func borrowerID(_ token: String, branch: String) -> String { "\(branch)/\(token)" }

    /// The borrower's row (`?1` the record id, `?2` the token alone, as earlier versions
    /// named it), the branch's own first: `FROM` and what follows.
    static let borrowerRow = "borrowers WHERE id IN (?1, ?2) ORDER BY id = ?1 DESC LIMIT 1"

    static func email(_ text: String?) throws(LendingError) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !text.unicodeScalars.contains(where: {
                $0.value < 0x21 || $0.value == 0x7F || "<>(),;:\"[]\\".unicodeScalars.contains($0)
            })
        else { throw LendingError(.invalidInput, "the e-mail address is not one (name@example.nl)") }
        return text
    }

    static func address(_ text: String?) throws(LendingError) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard lines.count <= 5, text.utf8.count <= 300, !lines.contains(where: \.isEmpty),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" })
        else { throw LendingError(.invalidInput, "a postal address is 1 to 5 lines, at most 300 bytes") }
        return lines.joined(separator: "\n")
    }
}
