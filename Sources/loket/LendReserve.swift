import ArgumentParser
import LoketLending

struct LendReserve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve",
        abstract: "Put a borrower on the waiting list for a kind of device, or take them off.",
        discussion: """
            When a device of that kind is free, it is held for the borrower at once;
            otherwise the next one wiped is held for the first in line, for three days.

            Example:
              loket lend reserve laptop --borrower card-00112233445566778899aabbccddeeff --db desk.sqlite
              loket lend reserve --cancel 5f0c… --db desk.sqlite
            """)

    @Argument(help: "laptop, tablet, phone, hotspot or other.") var kind: String?
    @Option(help: "The borrower's card token (card-…).") var borrower: String?
    @Option(help: "Cancel this reservation instead.") var cancel: String?
    @OptionGroup var options: LendOptions

    func validate() throws {
        guard (cancel == nil) != (kind == nil) else {
            throw ValidationError("give a kind and --borrower to reserve, or --cancel ID")
        }
        if kind != nil, borrower == nil { throw ValidationError("--borrower is needed to reserve") }
    }

    func run() throws {
        let desk = try options.open()
        let reservation =
            if let cancel { try desk.cancelReservation(cancel) } else {
                try desk.reserve(kind: try DeviceKind.parse(kind ?? ""), borrower: borrower ?? "")
            }
        try options.print(reservation) { LendText.reservation(reservation) }
    }
}
