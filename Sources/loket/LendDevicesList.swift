import ArgumentParser
import LoketLending

struct LendDevicesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The devices, by tag; only those in one state with --state.",
        discussion: """
            States: available, lent, returned-needs-wipe, wiping, broken, retired.

            Example:
              loket lend devices list --state returned-needs-wipe --db desk.sqlite
            """)

    @Option(help: "Only devices in this state.") var state: String?
    @OptionGroup var options: LendOptions

    func run() throws {
        var wanted: DeviceState?
        if let state {
            guard let parsed = DeviceState(rawValue: state) else {
                throw ValidationError(
                    "--state must be one of \(DeviceState.allCases.map(\.rawValue).joined(separator: ", ")), got \(state)"
                )
            }
            wanted = parsed
        }
        let devices = try options.open().devices(state: wanted)
        try options.print(devices) {
            devices.isEmpty ? "no devices" : devices.map(LendText.device).joined(separator: "\n")
        }
    }
}
