import ArgumentParser

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Inspect the terminal's sync with the hub.",
        discussion: """
            Example:
              loket sync status --db terminal.sqlite --json
            """,
        subcommands: [SyncStatusCommand.self])
}
