import Foundation
public import LoketProtocol

/// The escrow of daily minutes per card: a terminal claims a card's free minutes for the
/// day when a card session starts (online), spends from what it holds — offline too —
/// and gives back the rest when the session ends. The hub never gives out more than the
/// limit in all (``AllowanceLedger``).
extension Hub {
    static func allowanceDocument(_ claim: AllowanceClaim) -> String {
        claim.unit == .pages ? "pages/\(claim.day)/\(claim.card)" : "allowance/\(claim.day)/\(claim.card)"
    }

    /// Gives the terminal every free minute of the card's day.
    public func claimAllowance(_ claim: AllowanceClaim, by principal: Principal) async throws -> AllowanceGrant {
        let terminal = try Self.terminal(principal)
        try checkAllowance(claim)
        return try await changeLedger(claim) {
            $0.claim(terminal.name, spent: claim.spentMinutes)
        } answer: {
            ledger in
            Self.grant(claim, ledger, terminal.name)
        }
    }

    /// Takes back what the terminal holds under `claim.grant`, recording what it spent.
    public func releaseAllowance(_ claim: AllowanceClaim, by principal: Principal) async throws -> AllowanceGrant {
        let terminal = try Self.terminal(principal)
        try checkAllowance(claim)
        guard let grant = claim.grant else {
            throw HubError.badRequest("bad-allowance", "a release names the grant it gives back")
        }
        return try await changeLedger(claim) {
            $0.release(terminal.name, spent: claim.spentMinutes, grant: grant)
        } answer: { ledger in
            Self.grant(claim, ledger, terminal.name)
        }
    }

    func checkAllowance(_ claim: AllowanceClaim) throws {
        let card = claim.card.utf8
        guard (8...128).contains(card.count),
            card.allSatisfy({
                ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
                    || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                    || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
                    || $0 == UInt8(ascii: "_")
            })
        else {
            throw HubError.badRequest(
                "bad-card", "card must be a pseudonymous token: 8–128 of A–Z a–z 0–9 - _ (never a card number)")
        }
        guard let day = Self.dayFormat.date(from: claim.day), Self.dayFormat.string(from: day) == claim.day else {
            throw HubError.badRequest("bad-day", "day must be YYYY-MM-DD, got \"\(claim.day)\"")
        }
        // A terminal's day is today somewhere: within a day of the hub's clock either way.
        guard abs(day.timeIntervalSince1970 * 1000 - Double(now)) <= 2 * 86_400_000 else {
            throw HubError.badRequest("bad-day", "day \(claim.day) is not today; check the terminal's clock")
        }
        // Pages: the profile's freePagesPerDay (at most 500); minutes: a day's.
        let most = claim.unit == .pages ? 500 : 1440
        let unit = claim.unit == .pages ? " (pages)" : ""
        guard (1...most).contains(claim.limitMinutes) else {
            throw HubError.badRequest("bad-limit", "limit_minutes\(unit) must be 1–\(most), got \(claim.limitMinutes)")
        }
        guard (0...most).contains(claim.spentMinutes) else {
            throw HubError.badRequest("bad-spent", "spent_minutes\(unit) must be 0–\(most), got \(claim.spentMinutes)")
        }
    }

    func changeLedger(
        _ claim: AllowanceClaim, _ change: (inout AllowanceLedger) -> Void,
        answer: (AllowanceLedger) -> AllowanceGrant
    ) async throws -> AllowanceGrant {
        let name = Self.allowanceDocument(claim)
        for _ in 0..<8 {
            let current = try await store.document(named: name)
            var ledger: AllowanceLedger
            if let current {
                do { ledger = try JSONDecoder().decode(AllowanceLedger.self, from: Data(current)) } catch {
                    throw HubError(status: 500, code: "store-damaged", "the stored \(name) cannot be read: \(error)")
                }
                // One limit per card and day: a lower one, from another profile, holds.
                ledger.limit = min(ledger.limit, claim.limitMinutes)
            } else {
                ledger = AllowanceLedger(limit: claim.limitMinutes)
            }
            change(&ledger)
            if try await store.replaceDocument(named: name, with: try ledger.encoded(), expected: current) {
                return answer(ledger)
            }
        }
        throw HubError.conflict("busy", "the card's minutes kept changing while this request was made; retry")
    }

    static func grant(_ claim: AllowanceClaim, _ ledger: AllowanceLedger, _ terminal: String) -> AllowanceGrant {
        let share = ledger.terminals[terminal] ?? AllowanceLedger.Share()
        return AllowanceGrant(
            card: claim.card, day: claim.day, grant: share.grant, capMinutes: share.spent + share.held,
            freeMinutes: ledger.free)
    }

    static let dayFormat: DateFormatter = {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyy-MM-dd"
        return format
    }()
}
