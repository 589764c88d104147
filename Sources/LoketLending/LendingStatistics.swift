import Foundation
import LoketSync

/// One row of the anonymous lending statistics: a branch's week for one kind of device.
public struct LendingStatistics: Sendable, Equatable, Codable {
    public var branch: String
    /// ISO week, `2026-W48`.
    public var week: String
    public var kind: DeviceKind
    public var loans: Int
    public var returned: Int
    /// Returned after the due date.
    public var returnedLate: Int

    public init(branch: String, week: String, kind: DeviceKind, loans: Int, returned: Int, returnedLate: Int) {
        self.branch = branch
        self.week = week
        self.kind = kind
        self.loans = loans
        self.returned = returned
        self.returnedLate = returnedLate
    }

    /// The share of returns that came late (0 when nothing came back).
    public var lateRate: Double { returned == 0 ? 0 : Double(returnedLate) / Double(returned) }

    enum CodingKeys: String, CodingKey {
        case branch, week, kind, loans, returned, returnedLate = "returned_late"
    }

    /// The ISO week of a moment (UTC), as `2026-W48`.
    public static func week(of milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents(
            [.yearForWeekOfYear, .weekOfYear], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear ?? 0, parts.weekOfYear ?? 0)
    }

    /// Rows as CSV with a header: week, branch, kind, loans, returned, returned_late, late_rate.
    public static func csv(_ rows: [LendingStatistics]) -> String {
        var text = "week,branch,kind,loans,returned,returned_late,late_rate\r\n"
        for row in rows {
            text +=
                "\(CSVCell.text(row.week)),\(CSVCell.text(row.branch)),\(row.kind.rawValue),\(row.loans),\(row.returned),\(row.returnedLate),"
                + String(format: "%.3f", row.lateRate) + "\r\n"
        }
        return text
    }
}
