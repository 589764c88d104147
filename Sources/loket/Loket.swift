import ArgumentParser
import Logging

/// `loket`: the one command-line tool. Thin: every command calls into the libraries.
@main
struct Loket: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loket",
        abstract: "Loket: an offline-first sync engine and kiosk runtime for public terminals.",
        discussion: """
            Every terminal, desk and hub keeps a replica: a SQLite database whose changes merge
            without conflicts (CRDTs), so work goes on offline and converges when the network returns.

            Start with:
              loket db init branch.sqlite
              loket db put branch.sqlite devices LPT-0042 model="ThinkPad T14" state=available
              loket db dump branch.sqlite
            """,
        subcommands: [DBCommand.self, ChangesCommand.self, BenchCommand.self])

    init() {}
}
