import ArgumentParser
import LoketLending

struct LendDevicesAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a device (available at once).",
        discussion: """
            Example:
              loket lend devices add LPT-0042 --kind laptop --model "Lenovo T14" --db desk.sqlite
            """)

    @Argument(help: "The asset tag on its label.") var tag: String
    @Option(help: "laptop, tablet, phone, hotspot or other.") var kind: String
    @Option(help: "Make and model.") var model: String
    @Option(name: .customLong("home-branch"), help: "The branch it belongs to (default: the desk's).") var homeBranch:
        String?
    @OptionGroup var options: LendOptions

    func run() throws {
        let device = try options.open().addDevice(
            tag: tag, kind: try DeviceKind.parse(kind), model: model, homeBranch: homeBranch)
        try options.print(device) { LendText.device(device) }
    }
}
