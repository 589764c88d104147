import ArgumentParser
import LoketHub

struct HubUnit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Print the hub's systemd unit (what the Debian package installs).",
        discussion: """
            Example:
              loket hub unit > /etc/systemd/system/loket-hub.service
            """)

    @Option(help: "The loket binary the unit starts.") var loket = "/usr/bin/loket"
    @Option(help: "The system user the hub runs as.") var user = "loket"

    func run() {
        print(HubSetup.systemdUnit(loketPath: loket, user: user), terminator: "")
    }
}
