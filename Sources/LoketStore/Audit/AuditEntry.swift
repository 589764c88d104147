import Crypto
import Foundation
public import LoketSync

/// One entry of the audit log: who did what, when and where.
///
/// Entries form one hash chain per writer (``chain``, the writer's replica id): entry `n`
/// carries the hash of entry `n − 1` (``previous``) and its own ``hash``, a SHA-256 over
/// every other field. Changing an entry breaks its hash; removing or reordering entries
/// breaks the sequence and the links (``AuditVerifier``). Entries name staff, desks, keys
/// and devices, never a visitor or a borrower.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// The writer's chain: its replica id (`loket:hub` for the hub).
    public var chain: String
    /// 1, 2, 3, … within the chain.
    public var sequence: Int64
    /// When, Unix ms.
    public var at: Int64
    /// Who: `key:<id>`, `user:<name>`, `desk:<terminal>`, `hub`.
    public var actor: String
    /// What, as `area.verb`: `lend.checkout`, `profile.rollout`, `console.login`, …
    public var action: String
    /// What it was done to: `device:LPT-001`, `profile:library-public`, …
    public var target: String
    /// Where: `branch:<id>`, `terminal:<name>`, `hub`.
    public var place: String
    /// A few words more (a ring, a version, a method), never personal data.
    public var detail: String
    /// The hash of the entry before it in the chain, hex; empty for the first.
    public var previous: String
    /// This entry's hash, hex (``computedHash``).
    public var hash: String

    enum CodingKeys: String, CodingKey {
        case chain, sequence = "seq", at, actor, action, target, place, detail, previous = "prev", hash
    }

    /// An entry that follows `previous` (`nil`: the first of its chain), with its hash.
    public init(
        after previous: AuditEntry?, chain: String, at: Int64, actor: String, action: String, target: String,
        place: String, detail: String
    ) {
        self.chain = chain
        self.sequence = (previous?.sequence ?? 0) + 1
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.place = place
        self.detail = detail
        self.previous = previous?.hash ?? ""
        self.hash = ""
        self.hash = computedHash
    }

    /// The record id in the `audit` collection: `<chain>/<sequence, ten digits>`, so ids
    /// sort in chain order.
    public var recordID: String { Self.recordID(chain: chain, sequence: sequence) }

    public static func recordID(chain: String, sequence: Int64) -> String {
        let digits = String(sequence)
        return chain + "/" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// SHA-256 over the fields but ``hash``, each as `<UTF-8 length>:<text>\n` after a
    /// version line, so no two different entries give the same bytes.
    public var computedHash: String {
        var bytes = Array("loket-audit-v1\n".utf8)
        for field in [chain, String(sequence), String(at), actor, action, target, place, detail, previous] {
            bytes += Array("\(field.utf8.count):".utf8) + Array(field.utf8) + [0x0A]
        }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The record's fields in the `audit` collection.
    public var fields: [String: FieldValue] {
        [
            "chain": .string(chain), "seq": .int(sequence), "at": .int(at), "actor": .string(actor),
            "action": .string(action), "target": .string(target), "place": .string(place),
            "detail": .string(detail), "prev": .string(previous), "hash": .string(hash),
        ]
    }

    /// An entry read back from a record's fields; the error names the first field missing
    /// or of the wrong kind.
    public init(fields: [String: FieldValue]) throws(AuditReadError) {
        func text(_ name: String) throws(AuditReadError) -> String {
            guard case .string(let value)? = fields[name] else { throw AuditReadError(field: name) }
            return value
        }
        func number(_ name: String) throws(AuditReadError) -> Int64 {
            guard case .int(let value)? = fields[name] else { throw AuditReadError(field: name) }
            return value
        }
        chain = try text("chain")
        sequence = try number("seq")
        at = try number("at")
        actor = try text("actor")
        action = try text("action")
        target = try text("target")
        place = try text("place")
        detail = try text("detail")
        previous = try text("prev")
        hash = try text("hash")
    }
}
