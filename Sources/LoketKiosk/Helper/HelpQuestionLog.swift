public import Foundation
public import Logging
public import LoketStore
import LoketSync

/// The information point's statistics: how many questions of each ``HelpCategory`` a
/// terminal's helpers answered per day — a counter per day and category in the
/// `help_questions` collection, in the terminal's own scope, synced to the hub. Nothing
/// else about a question is kept.
public struct HelpQuestionLog: Sendable {
    let replica: Replica
    let terminal: String
    let timeZone: TimeZone
    let logger: Logger

    public init(replica: Replica, terminal: String, timeZone: TimeZone = .current, logger: Logger) {
        self.replica = replica
        self.terminal = terminal
        self.timeZone = timeZone
        self.logger = logger
    }

    /// Counts one question of `category` on the day of `now` (Unix milliseconds).
    public func record(_ category: HelpCategory, at now: Int64) throws {
        let day = LocalDay.of(now, in: timeZone)
        try replica.put(
            "help_questions", id: "\(day)/\(category.rawValue)", scope: "terminal:\(terminal)",
            RecordUpdate(
                set: ["terminal": .string(terminal), "day": .string(day), "category": .string(category.rawValue)],
                increment: ["count": 1]))
        logger.info("a question at the information point", metadata: ["category": "\(category.rawValue)"])
    }

    /// Records in the terminal's audit chain that a helper joined (`help.join`) or left
    /// (`help.leave`) a visitor's session on the second screen: who helped, not whom.
    public func audit(_ action: String, at now: Int64) {
        do {
            try replica.write { tx in
                try tx.appendAudit(
                    actor: "helper:\(terminal)", action: action, target: "session", place: "terminal:\(terminal)",
                    scope: "terminal:\(terminal)", at: now)
            }
        } catch {
            logger.error("the helper's audit entry was not written", metadata: ["error": "\(error)"])
        }
    }

    /// The day's counts per category (categories without questions left out).
    public func counts(on now: Int64) throws -> [HelpCategory: Int] {
        let day = LocalDay.of(now, in: timeZone)
        var counts: [HelpCategory: Int] = [:]
        for category in HelpCategory.allCases {
            guard case .object(let record)? = try replica.record("help_questions", id: "\(day)/\(category.rawValue)"),
                case .int(let count)? = record["count"], count > 0
            else { continue }
            counts[category] = Int(count)
        }
        return counts
    }
}
