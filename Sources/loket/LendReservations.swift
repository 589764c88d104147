import ArgumentParser
import LoketLending

struct LendReservations: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reservations",
        abstract: "The branch's waiting list: who waits for what, and devices held.",
        discussion: """
            Example:
              loket lend reservations --db desk.sqlite
            """)

    @OptionGroup var options: LendOptions

    func run() throws {
        let reservations = try options.open().reservations()
        try options.print(reservations) {
            reservations.isEmpty ? "nobody waits" : reservations.map(LendText.reservation).joined(separator: "\n")
        }
    }
}
