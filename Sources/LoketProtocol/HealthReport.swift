/// What a terminal tells the hub of its health after each sync round (`POST /v1/health`):
/// the fleet console shows it and the hub's alerts are drawn from it. It names no visitor,
/// card, document or page: only states and counts.
public struct HealthReport: Codable, Sendable, Equatable {
    /// One device the terminal's profile expects, or a printer it prints to.
    public struct Peripheral: Codable, Sendable, Equatable {
        /// `nfc-reader`, `printer`, `receipt-printer`, …
        public var kind: String
        /// `ok`, `missing` (not plugged in) or `offline` (does not answer).
        public var state: String
        /// A few words: the printer's reasons, the reader's name.
        public var detail: String?

        public init(kind: String, state: String, detail: String? = nil) {
            self.kind = kind
            self.state = state
            self.detail = detail
        }

        public static let states: Set<String> = ["ok", "missing", "offline"]
    }

    public var reportedAtMilliseconds: Int64
    /// The `loket` version the agent runs.
    public var agentVersion: String
    /// `idle`, `active`, `warning`, `ending`, `wiping` or `out-of-order` (a wipe failed).
    public var sessionState: String
    /// The profile applied: `<id>@<version>`, if any.
    public var profile: String?
    public var outboxEntries: Int
    /// How long the oldest change not yet taken by the hub has waited, seconds.
    public var outboxOldestSeconds: Int?
    /// The last round that finished, Unix ms.
    public var lastSyncMilliseconds: Int64?
    /// Changes refused or held back, waiting in the quarantine.
    public var quarantined: Int
    /// Free space on the disk holding the replica and the print spool, percent.
    public var diskFreePercent: Int?
    public var peripherals: [Peripheral]
    /// Alerts raised on the terminal itself (`device-missing/nfc-reader`, …).
    public var alerts: [String]
    /// How far the terminal's wall clock runs ahead of the hub's, milliseconds (negative:
    /// behind), as its last sync measured it; absent before the first.
    public var clockOffsetMilliseconds: Int64?

    enum CodingKeys: String, CodingKey {
        case reportedAtMilliseconds = "reported_at_ms"
        case agentVersion = "agent_version"
        case sessionState = "session_state"
        case profile
        case outboxEntries = "outbox_entries"
        case outboxOldestSeconds = "outbox_oldest_s"
        case lastSyncMilliseconds = "last_sync_ms"
        case quarantined
        case diskFreePercent = "disk_free_pct"
        case peripherals, alerts
        case clockOffsetMilliseconds = "clock_offset_ms"
    }

    public init(
        reportedAtMilliseconds: Int64, agentVersion: String, sessionState: String, profile: String? = nil,
        outboxEntries: Int = 0, outboxOldestSeconds: Int? = nil, lastSyncMilliseconds: Int64? = nil,
        quarantined: Int = 0, diskFreePercent: Int? = nil, peripherals: [Peripheral] = [], alerts: [String] = []
    ) {
        self.reportedAtMilliseconds = reportedAtMilliseconds
        self.agentVersion = agentVersion
        self.sessionState = sessionState
        self.profile = profile
        self.outboxEntries = outboxEntries
        self.outboxOldestSeconds = outboxOldestSeconds
        self.lastSyncMilliseconds = lastSyncMilliseconds
        self.quarantined = quarantined
        self.diskFreePercent = diskFreePercent
        self.peripherals = peripherals
        self.alerts = alerts
    }

    public static let sessionStates: Set<String> = [
        "idle", "active", "warning", "ending", "wiping", "out-of-order", "profile-invalid",
    ]

    /// The first thing wrong with a report received, as `field: what`; `nil` when it is
    /// well formed. Texts are short and printable; counts are not negative.
    public var problem: String? {
        func text(_ value: String, _ field: String, max: Int = 64) -> String? {
            guard !value.isEmpty, value.utf8.count <= max,
                value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F })
            else { return "\(field): 1–\(max) printable bytes" }
            return nil
        }
        if let problem = text(agentVersion, "agent_version") { return problem }
        guard Self.sessionStates.contains(sessionState) else {
            return "session_state: one of \(Self.sessionStates.sorted().joined(separator: ", "))"
        }
        if let profile, let problem = text(profile, "profile", max: 100) { return problem }
        guard outboxEntries >= 0, quarantined >= 0, (outboxOldestSeconds ?? 0) >= 0 else {
            return "outbox_entries, outbox_oldest_s and quarantined: not negative"
        }
        if let disk = diskFreePercent, !(0...100).contains(disk) { return "disk_free_pct: 0–100" }
        guard peripherals.count <= 32 else { return "peripherals: at most 32" }
        for (index, device) in peripherals.enumerated() {
            if let problem = text(device.kind, "peripherals.\(index).kind") { return problem }
            guard Peripheral.states.contains(device.state) else {
                return "peripherals.\(index).state: ok, missing or offline"
            }
            if let detail = device.detail, let problem = text(detail, "peripherals.\(index).detail", max: 200) {
                return problem
            }
        }
        if let offset = clockOffsetMilliseconds, offset.magnitude > 3_155_760_000_000 {
            return "clock_offset_ms: at most a hundred years either way"
        }
        guard alerts.count <= 64 else { return "alerts: at most 64" }
        for (index, alert) in alerts.enumerated() {
            if let problem = text(alert, "alerts.\(index)", max: 200) { return problem }
        }
        return nil
    }
}
