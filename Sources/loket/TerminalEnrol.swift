import ArgumentParser
import LoketKiosk
import LoketStore
import LoketSyncClient

struct TerminalEnrol: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Register this terminal at the hub with a one-time code.",
        discussion: """
            Creates the replica DB when it does not exist, makes the terminal's Ed25519
            key (kept in DB, and kept when the same DB is enrolled again: a replica has
            one key for good), registers it with the hub and stores the scopes the hub
            grants. --profile names the kiosk profile it runs: the agent applies the
            newest version of it that reaches the terminal's scopes.

            Example:
              loket terminal enrol --db terminal.sqlite --hub http://127.0.0.1:8470 \\
                  --code 7K2M-Q9XD-4F8H-2RTW-ABCD+3F2A9C1B4E5D6A7B --profile library-public-computer

            The part after + is the fingerprint of the fleet's profile trust, as loket
            admin enrol printed it: the terminal takes only that trust.
            """)

    @Option(help: "The terminal's replica (SQLite file).") var db: String
    @Option(help: "The hub's address, http(s)://host:port.") var hub: String
    @Option(help: "The enrolment code from loket admin enrol, with its +fingerprint when it has one.") var code: String
    @Option(help: "The kiosk profile id the terminal runs.") var profile: String?
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?

    func validate() throws {
        if let profile, !ProfileDocument.isValidID(profile) {
            throw ValidationError("--profile must be a profile id: 1–64 of a–z 0–9 -, got \"\(profile)\"")
        }
    }

    func run() async throws {
        let replica = try Replica(path: db, logger: CommandSupport.logger)
        if let profile { try replica.setSettings([KioskSettingKeys.assignedProfile: profile]) }
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let answer = try await SyncClient.enrol(
            replica: replica, hub: hub, code: code, configuration: configuration, clock: SystemWallClock(),
            logger: CommandSupport.logger)
        try replica.close()
        CommandSupport.printLine(
            "enrolled as \(answer.terminal) at \(hub); scopes: \(answer.scopes.joined(separator: " "))")
    }
}
