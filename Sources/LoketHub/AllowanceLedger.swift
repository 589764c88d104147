import Foundation

/// One card's minutes of one day at the hub, kept as the document
/// `allowance/<day>/<card>` and changed by compare-and-set: what each terminal spent,
/// and what it holds (may still spend). The sum of both over the terminals never goes
/// above the limit, so terminals spending offline from what they hold cannot together
/// exceed it.
struct AllowanceLedger: Codable, Sendable, Equatable {
    struct Share: Codable, Sendable, Equatable {
        var spent: Int = 0
        var held: Int = 0
        var grant: Int = 0
    }

    var limit: Int
    var terminals: [String: Share] = [:]

    var committed: Int { terminals.values.reduce(0) { $0 + $1.spent + $1.held } }
    var free: Int { max(0, limit - committed) }

    /// Takes `terminal`'s report of what it spent in all: the newly spent minutes come out
    /// of what it held (never below zero).
    mutating func report(_ terminal: String, spent: Int) {
        var share = terminals[terminal] ?? Share()
        if spent > share.spent {
            share.held = max(0, share.held - (spent - share.spent))
            share.spent = spent
        }
        terminals[terminal] = share
    }

    /// Gives `terminal` every free minute, under a new grant number.
    mutating func claim(_ terminal: String, spent: Int) {
        report(terminal, spent: spent)
        var share = terminals[terminal]!
        share.held += free
        share.grant += 1
        terminals[terminal] = share
    }

    /// `terminal` gives back what it holds under `grant` (a stale grant only reports).
    mutating func release(_ terminal: String, spent: Int, grant: Int) {
        report(terminal, spent: spent)
        if terminals[terminal]!.grant == grant { terminals[terminal]!.held = 0 }
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }
}
