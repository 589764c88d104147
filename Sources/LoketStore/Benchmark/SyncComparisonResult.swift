import LoketSync

/// The figures of a paired run of the sync benchmark (``SyncBenchmark/runPaired()``),
/// printed as one JSON line: both variants' rates, measured interleaved, and their ratios.
public struct SyncComparisonResult: Sendable, Equatable {
    /// The CRDT store's local field updates per second.
    public var crdtWriteOpsPerSecond: Double
    /// Plain SQLite's upserts per second, the same plan.
    public var plainWriteOpsPerSecond: Double
    /// The CRDT store's merged changes per second.
    public var crdtMergeOpsPerSecond: Double
    /// Plain SQLite's applied updates per second.
    public var plainMergeOpsPerSecond: Double
    /// Per round of the write phase, the CRDT store's rate over plain SQLite's.
    public var roundWriteRatios: [Double]
    /// Whether every CRDT replica dumps the same records.
    public var converged: Bool

    /// The CRDT store's write rate over plain SQLite's, over the whole write phase.
    public var writeRatio: Double { crdtWriteOpsPerSecond / max(plainWriteOpsPerSecond, 1e-9) }
    /// The CRDT store's merge rate over plain SQLite's.
    public var mergeRatio: Double { crdtMergeOpsPerSecond / max(plainMergeOpsPerSecond, 1e-9) }

    /// `{"write_ratio", "merge_ratio", "crdt_write_ops_s", "plain_write_ops_s",
    /// "crdt_merge_ops_s", "plain_merge_ops_s", "round_write_ratio": {"min", "p50", "max",
    /// "rounds"}, "converged"}`.
    public var jsonLine: String {
        func number(_ value: Double, _ places: Double) -> FieldValue { .double((value * places).rounded() / places) }
        let sorted = roundWriteRatios.sorted()
        return FieldValue.object([
            "write_ratio": number(writeRatio, 1000),
            "merge_ratio": number(mergeRatio, 1000),
            "crdt_write_ops_s": number(crdtWriteOpsPerSecond, 10),
            "plain_write_ops_s": number(plainWriteOpsPerSecond, 10),
            "crdt_merge_ops_s": number(crdtMergeOpsPerSecond, 10),
            "plain_merge_ops_s": number(plainMergeOpsPerSecond, 10),
            "round_write_ratio": .object([
                "min": number(sorted.first ?? 0, 1000),
                "p50": number(Quantiles.nearestRank(sorted, 0.5), 1000),
                "max": number(sorted.last ?? 0, 1000),
                "rounds": .int(Int64(sorted.count)),
            ]),
            "converged": .bool(converged),
        ]).canonicalJSON
    }
}
