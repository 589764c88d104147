/// What a terminal may do while it cannot reach the hub.
public struct OfflinePolicy: Sendable, Equatable, Codable {
    /// Hours after its last successful sync that a terminal still starts sessions, 0–168;
    /// 0 means it starts none offline. The default is 24.
    public var sessionsForHours: Int
    /// Whether guest sessions start offline too. The default is true.
    public var guestsOffline: Bool

    public init(sessionsForHours: Int = 24, guestsOffline: Bool = true) {
        self.sessionsForHours = sessionsForHours
        self.guestsOffline = guestsOffline
    }
}
