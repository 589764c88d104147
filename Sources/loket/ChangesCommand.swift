import ArgumentParser

struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Move changes between replicas by file (sneakernet) and inspect sync state.",
        discussion: """
            Carry changes on a USB stick between a branch without internet and one with:
              loket changes vv there.sqlite > there-vv.json          # at the far branch
              loket changes export here.sqlite --since there-vv.json -o stick/changes.lkc
              loket changes import there.sqlite stick/changes.lkc    # at the far branch
            Any number of times, in either direction: importing twice changes nothing.
            """,
        subcommands: [ChangesVV.self, ChangesExport.self, ChangesImport.self, ChangesQuarantine.self])
}
