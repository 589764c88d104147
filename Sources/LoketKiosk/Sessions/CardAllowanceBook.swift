import Foundation
import GRDB
public import Logging
public import LoketProtocol
public import LoketStore
import LoketSync

/// A terminal's share of cards' daily minutes — or, with `unit` pages, of their free
/// pages — in its replica (the `allowances` collection, one record per card and day in
/// the terminal's own scope; pages under `<terminal>/pages/…`): the cap the hub granted,
/// the amount spent (a counter), whether the grant was given back.
///
/// When a card session starts the book asks the hub for the card's free minutes; when the
/// hub cannot be reached it offers what the terminal still holds — and nothing more, so
/// two terminals offline together never pass the daily limit. When a session ends it
/// records the minutes spent and gives the rest back; a release that cannot reach the
/// hub waits and is sent again after a sync (``releasePending()``).
public struct CardAllowanceBook: Sendable {
    public let replica: Replica
    public let terminal: String
    /// What the book counts: minutes (sessions) or pages (printing).
    public let unit: AllowanceUnit
    let authority: (any AllowanceAuthority)?
    let logger: Logger

    public init(
        replica: Replica, terminal: String, authority: (any AllowanceAuthority)?, unit: AllowanceUnit = .minutes,
        logger: Logger
    ) {
        self.replica = replica
        self.terminal = terminal
        self.authority = authority
        self.unit = unit
        self.logger = logger
    }

    /// One card's day at this terminal.
    public struct Entry: Sendable, Equatable {
        public var cap: Int
        public var spent: Int
        public var grant: Int
        public var released: Bool

        public init(cap: Int, spent: Int, grant: Int, released: Bool) {
            self.cap = cap
            self.spent = spent
            self.grant = grant
            self.released = released
        }

        public var left: Int { max(0, cap - spent) }
    }

    /// Minutes under `<terminal>/<day>/<card>`, pages under `<terminal>/pages/<day>/<card>`.
    var prefix: String { unit == .pages ? "\(terminal)/pages/" : "\(terminal)/" }
    func recordID(_ card: String, _ day: String) -> String { "\(prefix)\(day)/\(card)" }

    public func entry(card: String, day: String) throws -> Entry? {
        guard case .object(let fields)? = try replica.record("allowances", id: recordID(card, day)) else { return nil }
        func int(_ name: String) -> Int {
            if case .int(let value)? = fields[name] { return Int(clamping: value) }
            return 0
        }
        return Entry(
            cap: int("cap"), spent: int("spent"), grant: int("grant"), released: fields["released"] == .bool(true))
    }

    /// The minutes the card may use now at this terminal: the hub's grant when it answers,
    /// else what the terminal holds (0 when it holds nothing).
    public func minutesForSession(card: String, day: String, limitMinutes: Int) async throws -> Int {
        try await available(card: card, day: day, limit: limitMinutes)
    }

    /// What the card may spend now at this terminal, in the book's unit: the hub's grant
    /// when it answers, else what the terminal holds (0 when it holds nothing).
    public func available(card: String, day: String, limit: Int) async throws -> Int {
        let held = try entry(card: card, day: day)
        if let authority {
            do {
                let grant = try await authority.claimAllowance(
                    AllowanceClaim(
                        card: card, day: day, limitMinutes: limit, spentMinutes: held?.spent ?? 0, unit: claimUnit))
                try record(card: card, day: day, grant: grant, released: false)
                return max(0, grant.capMinutes - (held?.spent ?? 0))
            } catch {
                logger.notice(
                    "the hub did not grant \(unit.rawValue); using what this terminal holds",
                    metadata: [
                        "error": "\(error)"
                    ])
            }
        }
        guard let held, !held.released else { return 0 }
        return held.left
    }

    /// Records minutes spent for the card's day, and gives back what is left (now, or
    /// after a later sync).
    public func endSession(card: String, day: String, limitMinutes: Int, spentMinutes: Int) async throws {
        try await spend(card: card, day: day, limit: limitMinutes, amount: spentMinutes)
    }

    /// Records `amount` spent (in the book's unit) for the card's day, and gives back what
    /// is left (now, or after a later sync).
    public func spend(card: String, day: String, limit: Int, amount: Int) async throws {
        try replica.put(
            "allowances", id: recordID(card, day), scope: "terminal:\(terminal)",
            RecordUpdate(
                set: ["card": .string(card), "day": .string(day)], increment: ["spent": Int64(amount)]))
        try await release(card: card, day: day, limitMinutes: limit)
    }

    /// Minutes go to the hub without a unit (as before pages had their own escrow).
    var claimUnit: AllowanceUnit? { unit == .minutes ? nil : unit }

    /// Sends the releases that could not reach the hub before. Answers how many went.
    @discardableResult
    public func releasePending(limitMinutes: Int) async throws -> Int {
        let pending = try replica.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT card, day FROM allowances
                    WHERE id LIKE ? ESCAPE '\\' AND (? OR id NOT LIKE ? ESCAPE '\\') AND (released IS NULL OR released = 0)
                    """,
                arguments: [
                    Self.like(prefix) + "%", unit == .pages, Self.like("\(terminal)/pages/") + "%",
                ]
            ).map { (card: $0["card"] as String? ?? "", day: $0["day"] as String? ?? "") }
        }
        var sent = 0
        for item in pending where !item.card.isEmpty {
            if try await release(card: item.card, day: item.day, limitMinutes: limitMinutes) { sent += 1 }
        }
        return sent
    }

    @discardableResult
    func release(card: String, day: String, limitMinutes: Int) async throws -> Bool {
        guard let authority, let held = try entry(card: card, day: day), !held.released, held.grant > 0 else {
            return false
        }
        do {
            let answer = try await authority.releaseAllowance(
                AllowanceClaim(
                    card: card, day: day, limitMinutes: limitMinutes, spentMinutes: held.spent, grant: held.grant,
                    unit: claimUnit))
            try record(card: card, day: day, grant: answer, released: true)
            return true
        } catch {
            logger.notice("a release of \(unit.rawValue) waits for the hub", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// `text` for a LIKE pattern: its % _ and \ taken literally.
    static func like(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    func record(card: String, day: String, grant: AllowanceGrant, released: Bool) throws {
        try replica.put(
            "allowances", id: recordID(card, day), scope: "terminal:\(terminal)",
            RecordUpdate(set: [
                "card": .string(card), "day": .string(day), "cap": .int(Int64(grant.capMinutes)),
                "grant": .int(Int64(grant.grant)), "released": .bool(released),
            ]))
    }
}
