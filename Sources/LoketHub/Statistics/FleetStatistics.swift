public import Foundation
public import LoketSync

/// The fleet's anonymous statistics as CSV (docs/OPERATIONS.md, "Statistics"): counts per
/// hour, day or week and branch, drawn from the records terminals sync — never a card, a
/// name, a document, a device borrowed or a question asked, only how many.
public enum FleetStatistics {
    public enum Table: String, CaseIterable, Sendable {
        /// Visitor sessions per hour and branch, by kind (card or guest), with their minutes.
        case sessions
        /// Questions at the information point per day, branch and topic.
        case questions
        /// Print jobs per day and branch: jobs, pages, pages charged, jobs failed.
        case prints
        /// Loans per ISO week, branch and kind of device: lent, returned, returned late.
        case loans

        /// The collection the table is drawn from.
        public var collection: String {
            switch self {
            case .sessions: "sessions"
            case .questions: "help_questions"
            case .prints: "print_jobs"
            case .loans: "lending_stats"
            }
        }

        var header: [String] {
            switch self {
            case .sessions: ["date", "hour", "branch", "kind", "sessions", "minutes"]
            case .questions: ["date", "branch", "category", "questions"]
            case .prints: ["date", "branch", "jobs", "pages", "charged_pages", "failed_jobs"]
            case .loans: ["week", "branch", "kind", "loans", "returned", "returned_late"]
            }
        }
    }

    /// The table as CSV (RFC 4180, CRLF line ends, a header row), rows in key order.
    ///
    /// - Parameters:
    ///   - records: the live records of the table's collection.
    ///   - branches: each terminal's branch, by terminal name.
    ///   - only: keep the rows of this branch alone (staff); `nil` keeps all.
    public static func csv(
        _ table: Table, records: [(record: String, state: RecordState)], branches: [String: String], only: String?,
        timeZone: TimeZone
    ) -> String {
        var rows: [[String]: [Int64]] = [:]
        func add(_ key: [String], _ values: [Int64]) {
            let current = rows[key] ?? Array(repeating: 0, count: values.count)
            rows[key] = zip(current, values).map(+)
        }
        func text(_ state: RecordState, _ field: String) -> String? {
            if case .string(let value)? = state.registers[field]?.value { value } else { nil }
        }
        func number(_ state: RecordState, _ field: String) -> Int64? {
            if case .int(let value)? = state.registers[field]?.value { value } else { nil }
        }
        // The branch comes from the record's scope, which the hub let only that terminal
        // (or that branch's desks) write — never from a field the writer chose.
        func branch(_ state: RecordState) -> String {
            if state.scope.hasPrefix("terminal:") { return branches[String(state.scope.dropFirst(9))] ?? "-" }
            if state.scope.hasPrefix("branch:") { return String(state.scope.dropFirst(7)) }
            return "-"
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for (_, state) in records {
            switch table {
            case .sessions:
                guard let started = number(state, "started_at") else { continue }
                let date = Date(timeIntervalSince1970: Double(started) / 1000)
                let parts = calendar.dateComponents([.year, .month, .day, .hour], from: date)
                add(
                    [day(parts), String(parts.hour ?? 0), branch(state), text(state, "kind") ?? "-"],
                    [1, state.counterValue("minutes_used")])
            case .questions:
                add(
                    [text(state, "day") ?? "-", branch(state), text(state, "category") ?? "-"],
                    [state.counterValue("count")])
            case .prints:
                guard let submitted = number(state, "submitted_at") else { continue }
                let parts = calendar.dateComponents(
                    [.year, .month, .day], from: Date(timeIntervalSince1970: Double(submitted) / 1000))
                add(
                    [day(parts), branch(state)],
                    [
                        1, number(state, "pages") ?? 0, number(state, "charged_pages") ?? 0,
                        text(state, "state") == "failed" ? 1 : 0,
                    ])
            case .loans:
                add(
                    [text(state, "week") ?? "-", branch(state), text(state, "kind") ?? "-"],
                    [state.counterValue("loans"), state.counterValue("returned"), state.counterValue("returned_late")])
            }
        }
        let branchColumn = table.header.firstIndex(of: "branch")!
        let lines = rows.filter { only == nil || $0.key[branchColumn] == only }
            .sorted { $0.key.lexicographicallyPrecedes($1.key) { Self.order($0, $1) } }
            .map { $0.key.map(CSVCell.text) + $0.value.map { CSVCell.quoted(String($0)) } }
        return ([table.header] + lines).map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func day(_ parts: DateComponents) -> String {
        String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Numbers in number order (hour 9 before hour 10), the rest as text.
    static func order(_ a: String, _ b: String) -> Bool {
        if let x = Int(a), let y = Int(b) { return x < y }
        return a < b
    }
}
