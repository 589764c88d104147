import ArgumentParser
import LoketLending

struct LendDevicesImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the devices of an inventory CSV: all of them, or none.",
        discussion: """
            The file has a header row with the columns asset_tag, kind, model and,
            optionally, home_branch (default: the desk's branch); commas or semicolons.
            When any row is bad, every bad row is listed by its line and nothing of
            the file is added (exit 1).

            Example:
              loket lend devices import inventory.csv --db desk.sqlite
            """)

    @Argument(help: "The CSV file.") var file: String
    @OptionGroup var options: LendOptions

    func run() throws {
        let bytes = try CommandSupport.readFile(file, what: "the inventory")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandError("\(file) is not UTF-8 text: save the inventory as CSV (UTF-8)")
        }
        let report = try options.open().importDevices(csv: text)
        try options.print(report) {
            report.succeeded
                ? "added \(report.added.count) device\(report.added.count == 1 ? "" : "s")"
                : report.problems.map { "\(file):\($0.line): \($0.message)" }.joined(separator: "\n")
                    + "\nnothing was added: mend these rows and import the file again"
        }
        if !report.succeeded { throw ExitCode.failure }
    }
}
