import ArgumentParser

struct TerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal",
        abstract: "Enrol this terminal at a hub, sync it, run its agent.",
        discussion: """
            Example:
              loket terminal enrol --db terminal.sqlite --hub http://127.0.0.1:8470 --code 7K2M-Q9XD-4F8H-2RTW-ABCD
              loket terminal sync --db terminal.sqlite --once
              loket terminal run --db terminal.sqlite
            """,
        subcommands: [
            TerminalEnrol.self, TerminalSync.self, TerminalRun.self, TerminalApply.self, TerminalUnit.self,
            TerminalExportOutbox.self,
        ])
}
