import ArgumentParser
import Foundation
import LoketLending
import LoketStore
import LoketSync

struct BenchLending: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lending",
        abstract: "Time the lending desk on a large replica; print one JSON line of figures.",
        discussion: """
            Fills a new replica with --devices devices and --loans loans (each device's
            history; every 20th device lent now, some past due), then times the overdue
            list --runs times, --runs checkouts at the desk (each a write synced to disk),
            and a few full conflict scans. Prints {"devices", "loans", "fill_s",
            "overdue", "overdue_ms", "checkout_ms", "conflicts_ms"} with p50, p99 and max.
            The replica is removed afterwards unless --keep.

            Example:
              loket bench lending --devices 10000 --loans 1000000 --runs 200
            """)

    @Option(help: "Devices.") var devices = 10_000
    @Option(help: "Loans in the replica.") var loans = 1_000_000
    @Option(help: "Runs of each timed operation.") var runs = 200
    @Option(help: "The replica to make (must not exist).") var db = "loket-lending-bench.sqlite"
    @Flag(help: "Keep the replica.") var keep = false

    func validate() throws {
        guard (1...1_000_000).contains(devices) else { throw ValidationError("--devices must be 1–1000000") }
        guard (0...100_000_000).contains(loans) else { throw ValidationError("--loans must be 0–100000000") }
        guard (1...10_000).contains(runs) else { throw ValidationError("--runs must be 1–10000") }
        guard !FileManager.default.fileExists(atPath: db) else {
            throw ValidationError("\(db) exists: the benchmark makes a new replica; remove it or name another")
        }
    }

    func run() throws {
        defer {
            if !keep {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            }
        }
        let result = try LendingBenchmark.run(
            path: db, devices: devices, loans: loans, runs: runs, logger: CommandSupport.logger)
        let line: FieldValue = .object([
            "devices": .int(Int64(result.devices)), "loans": .int(Int64(result.loans)),
            "fill_s": .double((result.fillSeconds * 10).rounded() / 10), "overdue": .int(Int64(result.overdue)),
            "overdue_ms": Quantiles(result.overdueMilliseconds).json(decimals: 2),
            "checkout_ms": Quantiles(result.checkoutMilliseconds).json(decimals: 2),
            "conflicts_ms": Quantiles(result.conflictsMilliseconds).json(decimals: 2),
        ])
        CommandSupport.printLine(line.canonicalJSON)
    }
}
