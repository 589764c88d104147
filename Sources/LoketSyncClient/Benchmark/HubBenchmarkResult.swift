/// The figures of one `loket bench hub` run.
public struct HubBenchmarkResult: Sendable {
    public var store: String
    public var terminals: Int
    /// Sync requests (push, pull, snapshot) answered per second of the sync phase.
    public var requestsPerSecond: Double
    /// Changes through the hub per second of the sync phase: pushed in plus pulled out.
    public var changesPerSecond: Double
    /// Changes accepted from pushes per second of the pushing round.
    public var pushedChangesPerSecond: Double
    public var p50Milliseconds: Double
    public var p99Milliseconds: Double
    /// From the first request until every terminal holds every change of its branch.
    public var convergeSeconds: Double
    public var requests: Int
    public var rounds: Int
    public var converged: Bool

    /// One JSON line.
    public var jsonLine: String {
        func fixed(_ value: Double, _ digits: Int = 1) -> String {
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            return String((value * scale).rounded() / scale)
        }
        return """
            {"store":"\(store)","terminals":\(terminals),"sync_requests_s":\(fixed(requestsPerSecond)),\
            "changes_s":\(fixed(changesPerSecond)),"push_changes_s":\(fixed(pushedChangesPerSecond)),\
            "p50_ms":\(fixed(p50Milliseconds, 2)),"p99_ms":\(fixed(p99Milliseconds, 2)),\
            "converge_s":\(fixed(convergeSeconds, 2)),"requests":\(requests),"rounds":\(rounds),\
            "converged":\(converged)}
            """
    }
}
