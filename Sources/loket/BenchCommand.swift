import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the sync engine and the wipe (use a release build: swift build -c release).",
        subcommands: [BenchSync.self, BenchHub.self, BenchWipe.self, BenchCard.self, BenchLending.self])
}
