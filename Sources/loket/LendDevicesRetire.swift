import ArgumentParser
import LoketLending

struct LendDevicesRetire: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Take a device out of lending for good, or mark it broken (--broken).",
        discussion: """
            It stays on record with the note. Refused while it is lent. A broken device
            comes back into lending when its wipe is recorded after the repair.

            Example:
              loket lend devices retire LPT-0042 --note "battery swollen" --db desk.sqlite
              loket lend devices retire TAB-0007 --broken --note "screen cracked" --db desk.sqlite
            """)

    @Argument(help: "The device's asset tag.") var tag: String
    @Option(help: "Why.") var note: String
    @Flag(help: "Broken until repaired, not retired for good.") var broken = false
    @OptionGroup var options: LendOptions

    func run() throws {
        let desk = try options.open()
        let device = broken ? try desk.markBroken(tag, note: note) : try desk.retire(tag, note: note)
        try options.print(device) { LendText.device(device) }
    }
}
