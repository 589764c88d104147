import ArgumentParser
import Foundation
import LoketStore

struct AuditList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print audit entries, oldest first (times in UTC).",
        discussion: """
            Example:
              loket audit list --db desk.sqlite --action lend.checkout
              loket audit list --hub https://hub.example --key admin.key --json
            """)

    @OptionGroup var source: AuditSource
    @Option(help: "Only this chain (a replica id; loket:hub for the hub's).") var chain: String?
    @Option(help: "Only entries whose action starts with this (lend, lend.checkout, profile).") var action: String?

    func run() async throws {
        let entries = try await source.load().records.compactMap { try? $0.entry.get() }
            .filter { chain == nil || $0.chain == chain }
            .filter { action == nil || $0.action == action! || $0.action.hasPrefix(action! + ".") }
            .sorted { ($0.at, $0.chain, $0.sequence) < ($1.at, $1.chain, $1.sequence) }
        if source.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            CommandSupport.printLine(String(decoding: try encoder.encode(entries), as: UTF8.self))
            return
        }
        let format = ISO8601DateFormatter()
        let lines = entries.map { entry in
            let when = format.string(from: Date(timeIntervalSince1970: Double(entry.at) / 1000))
            let detail = entry.detail.isEmpty ? "" : " (\(entry.detail))"
            return "\(when)  \(entry.actor)  \(entry.action)  \(entry.target)  at \(entry.place)\(detail)"
        }
        CommandSupport.printLine(lines.isEmpty ? "no audit entries" : lines.joined(separator: "\n"))
    }
}
