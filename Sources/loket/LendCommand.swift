import ArgumentParser

struct LendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lend",
        abstract: "The lending desk: laptops and tablets out and back, wiped before the next borrower.",
        discussion: """
            Works on the desk terminal's replica and keeps working offline: what two
            desks did while apart merges when they sync, and what cannot both be true
            (one device lent twice) is shown by `loket lend conflicts`, never lost.
            Borrowers are card tokens (card-…, from the card reader), never names.
            Every command takes --json for machine-readable output. See docs/LENDING.md.

            Example:
              loket lend devices add LPT-0042 --kind laptop --model "Lenovo T14" --db desk.sqlite
              loket lend checkout LPT-0042 --borrower card-0123… --db desk.sqlite
              loket lend return LPT-0042 --condition "charger missing" --db desk.sqlite
              loket lend wiped LPT-0042 --method reimage --operator JdV --db desk.sqlite
              loket lend overdue --db desk.sqlite
            """,
        subcommands: [
            LendCheckout.self, LendReturn.self, LendRenew.self, LendReserve.self, LendReservations.self,
            LendWiped.self, LendOverdue.self, LendConflicts.self, LendResolve.self, LendHistory.self,
            LendStats.self, LendPurge.self, LendBorrower.self, LendReminders.self, LendDevices.self,
        ])
}
