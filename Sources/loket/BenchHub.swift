import ArgumentParser
import Foundation
import LoketSyncClient

struct BenchHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Many terminals with offline changes sync at once through a hub on loopback; one JSON line.",
        discussion: """
            Starts `loket hub serve` on a free loopback port (SQLite in a temporary
            folder, or PostgreSQL at --postgres-url), enrols the terminals (each its
            own replica file, --terminals-per-branch to a branch), lets each make its
            changes offline, then syncs them all, --concurrency at a time, in rounds
            until every terminal holds every change of its branch (converge_s).

            Then the steady state: at least 10,000 caught-up pulls, signed beforehand
            by every terminal, sent over --concurrency keep-alive connections
            (sync_requests_s, p50_ms, p99_ms, and the CPU the hub and the generator
            spent per request). Then ingest: every terminal pushes a new batch of the
            same size at once (changes_s). One JSON line. Use a release build.

            Example:
              loket bench hub --terminals 1000 --ops-per-terminal 100 --store sqlite
            """)

    @Option(help: "Terminals.") var terminals = 1_000
    @Option(name: .customLong("ops-per-terminal"), help: "Changes each terminal makes offline.")
    var opsPerTerminal = 100
    @Option(name: .customLong("terminals-per-branch"), help: "Terminals sharing a branch scope.")
    var terminalsPerBranch = 10
    @Option(help: "Terminals syncing at the same moment.") var concurrency = 64
    @Option(help: "sqlite or postgres.") var store = "sqlite"
    @Option(name: .customLong("postgres-url"), help: "The PostgreSQL database for --store postgres.")
    var postgresURL: String?

    func validate() throws {
        guard store == "sqlite" || store == "postgres" else {
            throw ValidationError("--store must be sqlite or postgres, got \(store)")
        }
        guard terminals >= 1, opsPerTerminal >= 2, terminalsPerBranch >= 1, concurrency >= 1 else {
            throw ValidationError(
                "--terminals, --terminals-per-branch and --concurrency must be 1 or more, --ops-per-terminal 2 or more")
        }
    }

    func run() async throws {
        var options = HubBenchmarkOptions(
            executable: CommandLine.arguments[0].hasPrefix("/")
                ? CommandLine.arguments[0] : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
        options.terminals = terminals
        options.changesPerTerminal = opsPerTerminal
        options.terminalsPerBranch = terminalsPerBranch
        options.concurrency = concurrency
        options.store = store
        options.postgresURL = postgresURL ?? ProcessInfo.processInfo.environment["LOKET_BENCH_POSTGRES"]
        let result = try await HubBenchmark(options: options, logger: CommandSupport.logger).run()
        CommandSupport.printLine(result.jsonLine)
    }
}
