import ArgumentParser
import LoketPeripherals

struct DevicesUdevRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udev-rules",
        abstract: "Print the udev rules that give the kiosk's group the catalog's devices.",
        discussion: """
            Install them as /etc/udev/rules.d/70-loket.rules, then run
            `udevadm control --reload && udevadm trigger`.
            """)

    @OptionGroup var options: DevicesOptions
    @Option(name: .long, help: "The group given the devices.")
    var group = "loket-kiosk"

    func run() throws {
        print(UdevRules.render(try options.load(), group: group), terminator: "")
    }
}
