/// A terminal as `GET /v1/admin/terminals` lists it: no keys, no personal data.
struct TerminalSummary: Codable, Sendable {
    var name: String
    var scopes: [String]
    var pushedSequence: Int64
    var acknowledgedCursor: Int64
    var lastSeenMilliseconds: Int64

    enum CodingKeys: String, CodingKey {
        case name, scopes
        case pushedSequence = "pushed_sequence"
        case acknowledgedCursor = "acknowledged_cursor"
        case lastSeenMilliseconds = "last_seen_ms"
    }
}
