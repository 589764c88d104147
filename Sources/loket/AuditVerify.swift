import ArgumentParser
import Foundation
import LoketStore

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every audit chain: hashes, links, no gaps, nothing cut off the end.",
        discussion: """
            Exits 0 when every chain is intact, 1 when an entry was changed, removed or put in
            another order (each problem is printed with its chain and entry). With --hub the
            entries and the heads come from the hub and are checked here.

            Example:
              loket audit verify --db /var/lib/loket/terminal.sqlite
              loket audit verify --hub https://hub.example --key admin.key --json
            """)

    @OptionGroup var source: AuditSource

    func run() async throws {
        let (records, heads) = try await source.load()
        let report = AuditVerifier.verify(records, heads: heads)
        if source.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            CommandSupport.printLine(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            var lines = report.chains.map { "\($0.chain): \($0.sequence) entries, last \($0.hash.prefix(16))" }
            lines += report.problems.map { "PROBLEM \($0)" }
            lines.append(
                report.isIntact
                    ? "intact: \(report.entries) entries in \(report.chains.count) chains"
                    : "NOT INTACT: \(report.problems.count) problems in \(report.entries) entries")
            CommandSupport.printLine(lines.joined(separator: "\n"))
        }
        if !report.isIntact { throw ExitCode(1) }
    }
}
