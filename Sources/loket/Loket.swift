import ArgumentParser
import Logging
import LoketProtocol

/// `loket`: the one command-line tool. Thin: every command calls into the libraries.
@main
struct Loket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loket",
        abstract: "Loket: an offline-first sync engine and kiosk runtime for public terminals.",
        discussion: """
            Every terminal, desk and hub keeps a replica: a SQLite database whose
            changes merge without conflicts (CRDTs), so work goes on offline and
            converges when the network returns.

            Run a hub and a terminal on this machine (what `make up` does):
              loket hub init --data hub-data
              loket hub serve --data hub-data --listen 127.0.0.1:8470 &
              loket admin enrol --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  --terminal centrale-01 --scope branch:centrale --scope terminal:centrale-01
              loket terminal enrol --db terminal.sqlite --hub http://127.0.0.1:8470 --code CODE
              loket terminal run --db terminal.sqlite

            Or a replica on its own:
              loket db init branch.sqlite
              loket db put branch.sqlite devices LPT-0042 model="ThinkPad T14" state=available
              loket db dump branch.sqlite
            """,
        version: LoketVersion.current,
        subcommands: [
            HubCommand.self, AdminCommand.self, TerminalCommand.self, SyncCommand.self, DBCommand.self,
            ChangesCommand.self, ProfileCommand.self, DevicesCommand.self, LendCommand.self, AuditCommand.self,
            BenchCommand.self,
        ])

    init() {}
}
