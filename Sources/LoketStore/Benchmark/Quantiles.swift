public import LoketSync

/// The figures the bench commands print for a list of timings: p50, p99 (nearest rank),
/// the maximum and how many runs.
public struct Quantiles: Sendable, Equatable {
    public let p50: Double
    public let p99: Double
    public let max: Double
    public let runs: Int

    public init(_ values: [Double]) {
        p50 = Self.nearestRank(values, 0.5)
        p99 = Self.nearestRank(values, 0.99)
        max = values.max() ?? 0
        runs = values.count
    }

    /// The `fraction` quantile of `values` by nearest rank (0 for none).
    public static func nearestRank(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)]
    }

    /// `{"p50", "p99", "max", "runs"}`, rounded to `decimals` places.
    public func json(decimals: Int) -> FieldValue {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        func round(_ value: Double) -> FieldValue { .double((value * scale).rounded() / scale) }
        return .object(["p50": round(p50), "p99": round(p99), "max": round(max), "runs": .int(Int64(runs))])
    }
}
