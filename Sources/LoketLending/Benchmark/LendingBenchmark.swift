import Foundation
import GRDB
public import Logging
import LoketStore
import LoketSync

/// The lending desk's benchmark: a replica filled with `devices` devices and `loans` loans
/// (each device's history one loan after another; a few still out, some of them past due),
/// then the overdue list, checkouts at the desk, and a full conflict scan, timed.
public enum LendingBenchmark {
    static let day: Int64 = 86_400_000

    public static func run(
        path: String, devices: Int, loans: Int, runs: Int, logger: Logger
    ) throws -> LendingBenchmarkResult {
        var configuration = ReplicaConfiguration()
        configuration.schema = .builtIn
        let replica = try Replica(path: path, configuration: configuration, logger: logger)
        defer { try? replica.close() }
        let desk = try LendingDesk(replica: replica, branch: "centrum", desk: "bench", logger: logger)
        let now = Int64(clamping: SystemWallClock().nowMilliseconds())
        let started = DispatchTime.now().uptimeNanoseconds
        try fill(replica, devices: devices, loans: loans, now: now)
        let fillSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9

        func timed(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var overdue = 0
        var overdueTimes: [Double] = []
        for _ in 0..<runs { overdueTimes.append(try timed { overdue = try desk.overdue().count }) }
        // Checkouts of devices on the shelf, each to another borrower.
        let available = try replica.read {
            try String.fetchAll(
                $0, sql: "SELECT id FROM devices WHERE state = 'available' ORDER BY id LIMIT ?", arguments: [runs])
        }
        var checkoutTimes: [Double] = []
        for (index, tag) in available.enumerated() {
            let borrower = "card-" + String(format: "%032x", 0xbe_0000 + index)
            checkoutTimes.append(try timed { _ = try desk.checkout(tag, borrower: borrower) })
        }
        var conflictTimes: [Double] = []
        for _ in 0..<min(runs, 5) { conflictTimes.append(try timed { _ = try desk.conflicts() }) }
        return LendingBenchmarkResult(
            devices: devices, loans: loans, fillSeconds: fillSeconds, overdue: overdue,
            overdueMilliseconds: overdueTimes, checkoutMilliseconds: checkoutTimes,
            conflictsMilliseconds: conflictTimes)
    }

    /// Devices LPT-000001…, each with its share of the loans one after another, three days
    /// each; every 20th device's last loan is still out, every 40th's past its due date.
    static func fill(_ replica: Replica, devices: Int, loans: Int, now: Int64) throws {
        let perDevice = max(1, loans / max(1, devices))
        var made = 0
        var device = 0
        let batch = 200
        while device < devices {
            try replica.write { tx in
                for _ in 0..<batch where device < devices {
                    let tag = String(format: "LPT-%06d", device)
                    let count = device == devices - 1 ? max(0, loans - made) : min(perDevice, max(0, loans - made))
                    let open = device % 20 == 0 && count > 0
                    for index in 0..<count {
                        let out = now - Int64(count - index) * 3 * day - (device % 40 == 0 ? 30 * day : 0)
                        let last = index == count - 1
                        try tx.put(
                            "loans", id: "\(tag)-\(index)", scope: "branch:centrum",
                            RecordUpdate(set: [
                                "device": .string(tag),
                                "borrower": .string("card-" + String(format: "%032x", made % 5_000)),
                                "branch": .string("centrum"), "desk": .string("bench"), "out_at": .int(out),
                                "due_at": .int(out + 21 * day),
                                "returned_at": last && open ? .null : .int(out + 2 * day),
                            ]))
                        made += 1
                    }
                    try tx.put(
                        "devices", id: tag, scope: "branch:centrum",
                        RecordUpdate(set: [
                            "asset_tag": .string(tag), "kind": .string(device % 3 == 0 ? "tablet" : "laptop"),
                            "model": .string("Bench model"), "home_branch": .string("centrum"),
                            "state": .string(open ? "lent" : "available"),
                        ]))
                    device += 1
                }
            }
        }
    }

}
