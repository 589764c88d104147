import LoketSync

/// The figures of one benchmark run, printed as one JSON line.
public struct SyncBenchmarkResult: Sendable, Equatable {
    /// Seconds to write the seed on replica 0 and bring it to every other replica.
    public var seedSeconds: Double
    /// Local update transactions' field updates per second, over all replicas.
    public var writeOpsPerSecond: Double
    /// Bytes on the wire per field change shipped in the merge phase (`nil` for the baseline,
    /// which has no wire format).
    public var deltaBytesPerOp: Double?
    /// Field changes decoded and merged durably per second in the merge phase.
    public var mergeOpsPerSecond: Double
    /// Peak resident memory of the process at the end of the merge phase, MiB.
    public var peakRSSMiB: Double
    /// Whether every replica printed the same dump (`nil` for the baseline, which is not a CRDT).
    public var converged: Bool?
    /// Field changes decoded and merged durably per second while the seed was shipped,
    /// where each record brings all its fields at once (`nil` for the baseline).
    public var seedMergeOpsPerSecond: Double? = nil

    /// The JSON line: `{"seed_s", "write_ops_s", "delta_bytes_per_op", "merge_ops_s", "peak_rss_mb", "converged"}`.
    public var jsonLine: String {
        func number(_ value: Double, _ places: Double) -> FieldValue { .double((value * places).rounded() / places) }
        return FieldValue.object([
            "seed_s": number(seedSeconds, 1000),
            "write_ops_s": number(writeOpsPerSecond, 10),
            "delta_bytes_per_op": deltaBytesPerOp.map { number($0, 100) } ?? .null,
            "merge_ops_s": number(mergeOpsPerSecond, 10),
            "peak_rss_mb": number(peakRSSMiB, 10),
            "converged": converged.map(FieldValue.bool) ?? .null,
        ]).canonicalJSON
    }

    /// Figures beyond the contract of ``jsonLine``, for people (printed on stderr).
    public var detailLine: String {
        FieldValue.object([
            "detail": "loket bench sync",
            "seed_merge_ops_s": seedMergeOpsPerSecond.map { .double(($0 * 10).rounded() / 10) } ?? .null,
        ]).canonicalJSON
    }
}
