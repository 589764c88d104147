import ArgumentParser
import LoketHub

struct HubAddUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-user",
        abstract: "Make a log-in for the fleet console: an admin, or staff of one branch.",
        discussion: """
            Reads the password from the first line of standard input (at least 12
            characters), so it is in no shell history and no process list. Admins see the
            whole fleet; staff see their branch's terminals, alerts, audit entries and
            statistics. With --replace an existing user gets the new password and role.
            Run it on the hub machine.

            Example:
              loket hub add-user --data hub-data --name fatima --role staff --branch centrale < password.txt
            """)

    @Option(help: "The hub's data folder.") var data: String
    @Option(help: "A postgres:// URL; without it the store is SQLite in the data folder.") var store: String?
    @Option(help: "The user's name: 1–64 of a–z 0–9 . _ -.") var name: String
    @Option(help: "admin or staff.") var role: String
    @Option(help: "For staff: the branch id.") var branch: String?
    @Flag(help: "Change an existing user.") var replace = false

    func run() async throws {
        guard let parsed = KeyRecord.Role(rawValue: role) else {
            throw ValidationError("--role must be admin or staff, got \(role)")
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandError("no password on standard input: give it as the first line")
        }
        try await HubSetup.withHub(data: data, store: store, logger: CommandSupport.logger) { hub in
            try await hub.addUser(name: name, role: parsed, branch: branch, password: line, replace: replace)
            try await hub.recordAudit(
                actor: HubSetup.operatorName, action: replace ? "user.change" : "user.add", target: "user:\(name)",
                detail: parsed == .admin ? "admin" : "staff of \(branch ?? "")")
        }
        CommandSupport.printLine("\(role) user \"\(name)\" can log in to the console at /console")
    }
}
