import ArgumentParser
import Foundation
import LoketKiosk
import LoketSync

struct BenchWipe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wipe",
        abstract: "Wipe a browser profile of a given size; print one JSON line of figures.",
        discussion: """
            Fills a folder with a profile shaped like Chromium's (cache, code cache,
            local storage, IndexedDB, cookies and history, downloads) of --megabytes
            in --files files, then wipes and checks it as after a session, --runs
            times. Prints {"files", "megabytes", "wipe_ms", "check_ms", "total_ms_max"}:
            the figures of every run, and the slowest wipe with its check. The folder
            is emptied afterwards.

            Example:
              loket bench wipe --megabytes 200 --files 3000 --runs 5 --dir /run/loket-bench
            """)

    @Option(help: "Size of the profile, MiB.") var megabytes = 200
    @Option(help: "Files in the profile.") var files = 3_000
    @Option(help: "Runs.") var runs = 5
    @Option(help: "The folder to fill and wipe (made if missing).") var dir = "loket-wipe-bench"

    func validate() throws {
        guard (1...10_000).contains(megabytes) else { throw ValidationError("--megabytes must be 1–10000") }
        guard (10...1_000_000).contains(files) else { throw ValidationError("--files must be 10–1000000") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be 1–100") }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let result = try WipeBenchmark.run(
            directory: dir, megabytes: megabytes, files: files, runs: runs, logger: CommandSupport.logger)
        let slowest = zip(result.wipeMilliseconds, result.checkMilliseconds).map { $0 + $1 }.max() ?? 0
        func list(_ values: [Double]) -> FieldValue { .array(values.map { .double(($0 * 10).rounded() / 10) }) }
        let line: FieldValue = .object([
            "files": .int(Int64(result.files)), "megabytes": .double((result.megabytes * 10).rounded() / 10),
            "wipe_ms": list(result.wipeMilliseconds), "check_ms": list(result.checkMilliseconds),
            "total_ms_max": .double((slowest * 10).rounded() / 10),
        ])
        CommandSupport.printLine(line.canonicalJSON)
    }
}
