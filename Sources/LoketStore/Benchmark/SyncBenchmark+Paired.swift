import Foundation

extension SyncBenchmark {
    /// Updates per round of the paired write phase: each variant makes this many, then the
    /// other, so both meet the same disk within a second of each other.
    static let pairedRound = 1000

    /// Runs the CRDT store and plain SQLite in one process with their timed phases
    /// interleaved: the writes round by round (``pairedRound`` updates of the same plan on
    /// each side, the first side alternating), the merges replica by replica. A disk whose
    /// speed drifts from one minute to the next then slows both alike, where two runs one
    /// after the other each met a different disk.
    public func runPaired() throws -> SyncComparisonResult {
        try inFolder(runPaired)
    }

    func runPaired(_ folder: String) throws -> SyncComparisonResult {
        let replicas = try openCRDT(folder)
        defer { for replica in replicas { try? replica.close() } }
        let plain = try PlainDatabases(folder: folder, fields: fieldNames, count: options.replicas)
        defer { try? plain.close() }
        _ = try seedCRDT(replicas)
        _ = try seedPlain(plain)
        let plan = plan()

        Self.settleDisk()
        var crdtWrite = 0.0
        var plainWrite = 0.0
        var roundRatios: [Double] = []
        for (round, start) in stride(from: 0, to: plan.count, by: Self.pairedRound).enumerated() {
            let slice = plan[start..<min(plan.count, start + Self.pairedRound)]
            let (crdt, sqlite): (Double, Double)
            if round.isMultiple(of: 2) {
                crdt = try writeCRDT(replicas, slice)
                sqlite = try writePlain(plain, slice)
            } else {
                sqlite = try writePlain(plain, slice)
                crdt = try writeCRDT(replicas, slice)
            }
            crdtWrite += crdt
            plainWrite += sqlite
            roundRatios.append(sqlite / max(crdt, 1e-9))
        }

        let shipments = try exportCRDT(replicas)
        var crdtMerge = 0.0
        var plainMerge = 0.0
        var crdtChanges = 0
        var plainChanges = 0
        for target in replicas.indices {
            func crdt() throws {
                Self.settleDisk()
                let start = ContinuousClock.now
                crdtChanges += try mergeCRDT(replicas[target], shipments[target]).changes
                crdtMerge += seconds(since: start)
            }
            func sqlite() throws {
                Self.settleDisk()
                let start = ContinuousClock.now
                plainChanges += try mergePlain(plain, target, plan)
                plainMerge += seconds(since: start)
            }
            if target.isMultiple(of: 2) {
                try crdt()
                try sqlite()
            } else {
                try sqlite()
                try crdt()
            }
        }
        let converged = try convergedCRDT(replicas)
        return SyncComparisonResult(
            crdtWriteOpsPerSecond: Double(options.updates) / max(crdtWrite, 1e-9),
            plainWriteOpsPerSecond: Double(options.updates) / max(plainWrite, 1e-9),
            crdtMergeOpsPerSecond: Double(crdtChanges) / max(crdtMerge, 1e-9),
            plainMergeOpsPerSecond: Double(plainChanges) / max(plainMerge, 1e-9),
            roundWriteRatios: roundRatios, converged: converged)
    }
}
