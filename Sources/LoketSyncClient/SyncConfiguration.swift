/// How the terminal syncs. Every field has a default that suits a library terminal.
public struct SyncConfiguration: Sendable {
    /// Seconds between syncs while all is well. Default 30.
    public var intervalSeconds: Double = 30
    /// Outbox entries per push request. Default 500.
    public var batchEntries: Int = 500
    /// Bytes of changes per push request, at most (one entry always goes). Default 4 MiB,
    /// well under the hub's 16 MiB body limit.
    public var batchBytes: Int = 4 << 20
    /// Changes per pull answer asked for. Default 5,000.
    public var pullLimit: Int = 5_000
    /// Seconds a request may take before it counts as failed. Default 30.
    public var requestTimeoutSeconds: Int64 = 30
    /// How long a card tap waits for the hub to grant the card's minutes before the kiosk
    /// uses what the terminal holds, milliseconds. The default is 2,500.
    public var allowanceTimeoutMilliseconds: Int64 = 2_500
    /// Backoff after failures: the first wait, and the longest. Defaults 1 s and 300 s;
    /// each wait is random between zero and the bound (full jitter).
    public var backoffBaseSeconds: Double = 1
    public var backoffCapSeconds: Double = 300
    /// Failing this long since the last success counts as offline, not degraded, ms.
    /// Default 2 minutes.
    public var offlineAfterMilliseconds: Int64 = 120_000
    /// A PEM file of certificate authorities to trust for the hub, besides the system's.
    /// Certificates are always verified; there is no switch to skip that.
    public var trustedCertificatesPath: String?
    /// The largest answer body accepted, bytes. Default 64 MiB.
    public var maximumResponseBytes: Int = 64 << 20
    /// Told of every request that got an answer: the method and path, and the seconds it
    /// took (for benchmarks and metrics). Default none.
    public var requestObserver: (@Sendable (_ path: String, _ seconds: Double) -> Void)?

    public init() {}
}
