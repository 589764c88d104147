import Foundation

/// A day as the terminal's people count it: `YYYY-MM-DD` of a moment in the terminal's time
/// zone (a card's daily minutes, the information point's daily statistics).
enum LocalDay {
    static func of(_ milliseconds: Int64, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
