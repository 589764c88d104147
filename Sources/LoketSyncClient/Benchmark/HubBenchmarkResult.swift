/// The figures of one `loket bench hub` run.
public struct HubBenchmarkResult: Sendable {
    public var store: String
    public var terminals: Int
    /// Steady state: caught-up pulls ("anything new?") answered per second.
    public var requestsPerSecond: Double
    /// Ingest: changes accepted per second while every terminal pushes a batch at once.
    public var changesPerSecond: Double
    /// The converge phase: changes pushed in plus pulled out, per second.
    public var convergeChangesPerSecond: Double
    /// Latency of the steady-state pulls.
    public var p50Milliseconds: Double
    public var p99Milliseconds: Double
    /// CPU time (user and system) the hub process spent per steady-state request, and the
    /// load generator (this process) per request, in microseconds.
    public var hubCPUMicrosecondsPerRequest: Double
    public var generatorCPUMicrosecondsPerRequest: Double
    /// From the first request until every terminal holds every change of its branch.
    public var convergeSeconds: Double
    public var convergeRequests: Int
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
            "changes_s":\(fixed(changesPerSecond)),"p50_ms":\(fixed(p50Milliseconds, 2)),\
            "p99_ms":\(fixed(p99Milliseconds, 2)),\
            "hub_cpu_us_per_request":\(fixed(hubCPUMicrosecondsPerRequest)),\
            "generator_cpu_us_per_request":\(fixed(generatorCPUMicrosecondsPerRequest)),"converge_s":\(fixed(convergeSeconds, 2)),\
            "converge_changes_s":\(fixed(convergeChangesPerSecond)),"converge_requests":\(convergeRequests),\
            "rounds":\(rounds),"converged":\(converged)}
            """
    }
}
