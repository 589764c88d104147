import ArgumentParser
import Foundation
import LoketStore

struct BenchSync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Seed, update and merge replicas; print one JSON line of figures.",
        discussion: """
            Seeds RECORDS × FIELDS on replica 0 and ships them to the others; makes
            UPDATES field updates round-robin over the replicas (BATCH per transaction);
            then every replica merges every other replica's changes. --baseline sqlite
            runs the same shape as plain SQLite upserts. Prints {"seed_s",
            "write_ops_s", "delta_bytes_per_op", "merge_ops_s", "peak_rss_mb",
            "converged"} on stdout, and a line of further figures (the seed's merge
            rate) on stderr.

            --paired runs both in one process, their timed phases interleaved (writes
            in rounds of 1,000 updates, merges replica by replica), and prints
            {"write_ratio", "merge_ratio", "crdt_write_ops_s", "plain_write_ops_s",
            "crdt_merge_ops_s", "plain_merge_ops_s", "round_write_ratio",
            "converged"}: the ratios are the CRDT store's rate over plain SQLite's, each
            side having met the same disk.

            Example:
              loket bench sync --records 100000 --fields 10 --updates 30000 --replicas 3
              loket bench sync --paired
            """)

    @Option(help: "Records seeded on replica 0.") var records = 100_000
    @Option(help: "Register fields per record.") var fields = 10
    @Option(help: "Field updates, round-robin over the replicas.") var updates = 30_000
    @Option(help: "Replicas (2–16).") var replicas = 3
    @Option(help: "Updates per local write transaction.") var batch = 1
    @Option(help: "Run plain SQLite instead: sqlite.") var baseline: String?
    @Option(help: "Seed of the random choices.") var seed: UInt64 = 1
    @Flag(help: "Run the CRDT store and plain SQLite interleaved in one process; print their ratios.")
    var paired = false

    func validate() throws {
        if let baseline, baseline != "sqlite" {
            throw ValidationError("--baseline: only \"sqlite\" is known, got \"\(baseline)\"")
        }
        if paired, baseline != nil {
            throw ValidationError("--paired runs plain SQLite beside the CRDT store already; drop --baseline")
        }
    }

    func run() throws {
        var options = SyncBenchmarkOptions()
        options.records = records
        options.fields = fields
        options.updates = updates
        options.replicas = replicas
        options.batch = batch
        options.baselineSQLite = baseline != nil
        options.seed = seed
        let benchmark = SyncBenchmark(options: options, logger: CommandSupport.logger)
        if paired {
            CommandSupport.printLine(try benchmark.runPaired().jsonLine)
            return
        }
        let result = try benchmark.run()
        CommandSupport.printLine(result.jsonLine)
        FileHandle.standardError.write(Data((result.detailLine + "\n").utf8))
    }
}
