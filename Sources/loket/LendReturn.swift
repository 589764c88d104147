import ArgumentParser
import LoketLending

struct LendReturn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Take a device back: it then waits for a wipe.",
        discussion: """
            Every loan of the device still out is returned. Note what you see with
            --condition (a scratch, a missing charger). Refused when this desk knows no
            loan of it (if another desk lent it and has not synced yet: sync, then return).

            Example:
              loket lend return LPT-0042 --condition "charger missing" --db desk.sqlite
            """)

    @Argument(help: "The device's asset tag.") var tag: String
    @Option(help: "What staff noticed at the return.") var condition: String?
    @OptionGroup var options: LendOptions

    func run() throws {
        let loans = try options.open().returnDevice(tag, condition: condition)
        try options.print(loans) {
            loans.map(LendText.loan).joined(separator: "\n") + "\n\(loans[0].device) now waits for a wipe"
        }
    }
}
