import ArgumentParser
import LoketLending

struct LendWiped: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wiped",
        abstract: "Record that a device was wiped (how, by whom): it may be lent again.",
        discussion: """
            The record is the evidence: method, operator, time, branch and desk. With
            --start, only mark the device as being wiped.

            Example:
              loket lend wiped LPT-0042 --method reimage --operator JdV --db desk.sqlite
            """)

    @Argument(help: "The device's asset tag.") var tag: String
    @Option(help: "How: reimage, factory-reset, loket-wipe, ….") var method: String?
    @Option(name: .customLong("operator"), help: "Who wiped it.") var staff: String?
    @Flag(help: "Only mark it as being wiped.") var start = false
    @OptionGroup var options: LendOptions

    func validate() throws {
        if !start, method == nil || staff == nil {
            throw ValidationError("say how and by whom: --method and --operator (or --start)")
        }
    }

    func run() throws {
        let desk = try options.open()
        if start {
            let device = try desk.startWipe(tag)
            try options.print(device) { LendText.device(device) }
            return
        }
        let evidence = try desk.wiped(tag, method: method ?? "", operator: staff ?? "")
        try options.print(evidence) {
            "\(evidence.device) wiped (\(evidence.method), by \(evidence.operator), \(LendingDates.day(evidence.at))): available"
        }
    }
}
