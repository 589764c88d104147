import ArgumentParser

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create a replica, write records, and read them back.",
        subcommands: [DBInit.self, DBPut.self, DBDelete.self, DBGet.self, DBDump.self, DBWriteLoop.self])
}
