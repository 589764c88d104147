public import Foundation

/// Dates as the desk shows them: `2026-12-20` in commands and messages, `20 december 2026`
/// (or `20 December 2026`) on the screen and in reminders.
public enum LendingDates {
    /// YYYY-MM-DD, UTC.
    public static func day(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date(milliseconds))
    }

    /// The day in words, in `language` (nl, else English) and `timeZone`.
    public static func long(_ milliseconds: Int64, language: String, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language == "nl" ? "nl_NL" : "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "d MMMM yyyy"
        return formatter.string(from: date(milliseconds))
    }

    public static func date(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
