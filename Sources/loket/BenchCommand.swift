import ArgumentParser

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the sync engine (use a release build: swift build -c release).",
        subcommands: [BenchSync.self])
}
