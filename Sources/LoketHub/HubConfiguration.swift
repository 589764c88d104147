/// How a hub runs. Every field has a default that suits one library's hub on a laptop.
public struct HubConfiguration: Sendable {
    /// Where to listen. Default `127.0.0.1`, port 8470 (`0` picks a free port).
    public var host: String = "127.0.0.1"
    public var port: Int = 8470
    /// PEM files for TLS; both or neither. Without them the hub speaks plain HTTP and
    /// belongs behind a TLS reverse proxy.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// How far a request's `Loket-Time` may be from the hub's clock, ms. Default 5 minutes.
    public var requestWindowMilliseconds: Int64 = 300_000
    /// How far ahead of the hub's clock a change's time may be, ms (as the replica's
    /// drift bound). Default 5 minutes.
    public var maximumDriftMilliseconds: Int64 = 300_000
    /// The largest request body, bytes. Default 16 MiB.
    public var maximumBodyBytes: Int = 16 << 20
    /// About how many changes one pull answer holds. Default 5,000.
    public var pullPageChanges: Int = 5_000
    /// How many records one snapshot page holds. Default 2,000.
    public var snapshotPageRecords: Int = 2_000
    /// A terminal silent for longer than this no longer holds the horizon back; if it
    /// returns it gets a snapshot. Default 30 days.
    public var tombstoneRetentionMilliseconds: Int64 = 30 * 86_400_000
    /// How often the hub folds its log and forgets old nonces, seconds. Default 10 minutes.
    public var garbageCollectionIntervalSeconds: Int = 600
    /// How long an enrolment code is valid unless the order says otherwise, seconds.
    public var enrolmentValiditySeconds: Int = 86_400

    /// A rollout halts by itself when more than this share of a ring's terminals report
    /// unhealthy on the version sent to it, within ``rolloutWindowSeconds``. Default 0.2.
    public var rolloutUnhealthyShare: Double = 0.2
    /// How long after a ring receives a version its reports count toward halting,
    /// seconds. Default 1 hour.
    public var rolloutWindowSeconds: Int = 3_600
    /// A report from a terminal whose last sync is older than this is unhealthy, seconds.
    /// Default 15 minutes.
    public var rolloutMaximumSyncLagSeconds: Int = 900

    /// When a terminal raises an alert: offline, sync lag, disk (see ``AlertRules``).
    public var alertRules = AlertRules()
    /// How often the hub checks every terminal for alerts and sends notices, seconds.
    /// Default 30.
    public var alertCheckIntervalSeconds: Int = 30

    /// How long a console log-in lasts, seconds. Default 8 hours (a working day).
    public var consoleSessionSeconds: Int = 8 * 3_600
    /// How long a console log-in may go unused before it ends, seconds. Default 30 minutes.
    public var consoleIdleSeconds: Int = 30 * 60
    /// Whether the console's cookie is `Secure` (sent over HTTPS only). Default: when the
    /// hub speaks TLS itself; set it behind a TLS reverse proxy.
    public var consoleSecureCookie: Bool?
    /// The reverse proxies whose `X-Forwarded-For` names the client the console's log-in
    /// counts attempts by (``TrustedProxies``). Default: none; every request's client is
    /// the address it came from.
    public var trustedProxies = TrustedProxies()

    public init() {}
}
