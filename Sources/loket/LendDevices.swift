import ArgumentParser

struct LendDevices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "The devices the desk lends: add, import an inventory, list, retire.",
        discussion: """
            Example:
              loket lend devices add LPT-0042 --kind laptop --model "Lenovo T14" --db desk.sqlite
              loket lend devices import inventory.csv --db desk.sqlite
              loket lend devices list --state returned-needs-wipe --db desk.sqlite
              loket lend devices retire LPT-0042 --note "battery swollen" --db desk.sqlite
            """,
        subcommands: [LendDevicesAdd.self, LendDevicesImport.self, LendDevicesList.self, LendDevicesRetire.self])
}
