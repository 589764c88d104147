/// When a pull writes down what the terminal holds: when its cursor moved, or its "last
/// seen" is more than a minute old. Other pulls are reads only. (The horizon needs the
/// cursor exactly and "last seen" to the day; a write per pull would cost a disk sync.)
enum AcknowledgementRule {
    static let lastSeenResolutionMilliseconds: Int64 = 60_000

    static func needed(cursor: Int64, now: Int64, acked: Int64, lastSeen: Int64) -> Bool {
        cursor > acked || now - lastSeen > lastSeenResolutionMilliseconds
    }
}
