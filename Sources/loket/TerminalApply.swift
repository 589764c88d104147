import ArgumentParser
import LoketKiosk
import LoketStore

struct TerminalApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply what the last sync brought: trust rotations, the newest profile.",
        discussion: """
            What the agent does after every sync round, once: follows trust rotations,
            checks the newest version of the terminal's profile (signatures, expiry,
            version, branch) and installs it — Chromium's policy, the systemd units,
            cage's PAM file, the agent's settings — then records a report for the hub
            (sent at the next sync). Prints what it decided; refusals name the check.

            Example:
              loket terminal apply --db terminal.sqlite --install-root /tmp/trial
            """)

    @Option(help: "The terminal's replica (SQLite file).") var db: String
    @Option(name: .customLong("install-root"), help: "Where installed files go below (a folder for trials).")
    var installRoot = "/"

    func run() async throws {
        let replica = try CommandSupport.openTerminal(db)
        let applier = ProfileApplier(
            replica: replica, installer: ProfileInstaller(root: installRoot), clock: SystemWallClock(),
            logger: CommandSupport.logger)
        let judgements = try applier.apply()
        try replica.close()
        if judgements.isEmpty { CommandSupport.printLine("nothing new to apply") }
        for judgement in judgements { CommandSupport.printLine(judgement.description) }
    }
}
