import ArgumentParser
import LoketKiosk

struct TerminalUnit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Print the terminal agent's systemd unit (what the Debian package installs).",
        discussion: """
            The kiosk screen's unit comes later, from the profile the agent applies.

            Example:
              loket terminal unit > /etc/systemd/system/loket-agent.service
            """)

    @Option(help: "The loket binary the unit starts.") var loket = "/usr/bin/loket"

    func run() {
        print(KioskLaunch.agentUnit(configuration: KioskLaunchConfiguration(loketPath: loket)), terminator: "")
    }
}
