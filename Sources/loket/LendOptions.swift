import ArgumentParser
import Foundation
import LoketKiosk
import LoketLending
import LoketStore
import LoketSyncClient

/// What every `loket lend` command takes: the replica, the desk's branch and name, --json.
struct LendOptions: ParsableArguments {
    @Option(help: "The desk terminal's replica (SQLite file).") var db: String
    @Option(help: "The desk's branch (default: the terminal's one branch scope).") var branch: String?
    @Option(help: "The desk's name, recorded with what it does (default: the terminal's name).") var desk: String?
    @Flag(help: "Print JSON.") var json = false

    /// The desk on the replica; branch and name from the terminal's enrolment unless given,
    /// the rules from its installed profile (`lending`), changed by `adjust`.
    func open(adjust: (inout LendingRules) -> Void = { _ in }) throws -> LendingDesk {
        let replica = try CommandSupport.openTerminal(db)
        let identity = try? TerminalIdentity.load(from: replica)
        let branch: String
        do { branch = try LendingDesk.branch(given: self.branch, scopes: identity?.scopes ?? []) } catch {
            throw CommandError("\(error.message) (--branch ID)")
        }
        let desk = desk ?? identity?.terminal ?? ProcessInfo.processInfo.hostName
        var rules = InstalledProfile.read(replica)?.lending ?? LendingRules()
        adjust(&rules)
        return try LendingDesk(
            replica: replica, branch: branch, desk: desk, rules: rules, logger: CommandSupport.logger)
    }

    /// Prints `value` as JSON (--json) or `text` otherwise.
    func print<T: Encodable>(_ value: T, text: () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            CommandSupport.printLine(String(decoding: try encoder.encode(value), as: UTF8.self))
        } else {
            let lines = text()
            if !lines.isEmpty { CommandSupport.printLine(lines) }
        }
    }
}
