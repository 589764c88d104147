import ArgumentParser
import LoketProtocol
import LoketStore
import LoketSyncClient

struct AdminEnrol: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Make a one-time enrolment code for a terminal.",
        discussion: """
            Prints a code (20 characters, dashes for reading) that the terminal redeems
            with `loket terminal enrol`. The code works once and expires (default: after
            a day). The terminal reads and writes the given scopes; --collection limits
            what it may write (default: the built-in terminal collections).

            Example:
              loket admin enrol --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  --terminal centrale-01 --scope fleet --scope branch:centrale --scope terminal:centrale-01
            """)

    @Option(help: "The hub's address, http(s)://host:port.") var hub: String
    @Option(help: "The admin key file (made by loket hub init).") var key: String
    @Option(help: "The terminal's name: 1–64 of A–Z a–z 0–9 . _ -.") var terminal: String
    @Option(name: .customLong("scope"), help: "A scope it reads and writes; repeat for more.") var scopes: [String] = []
    @Option(name: .customLong("collection"), help: "A collection it may write; repeat for more.")
    var collections: [String] = []
    @Option(name: .customLong("valid-seconds"), help: "How long the code works (60–2592000).") var validSeconds: Int?
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?

    func run() async throws {
        guard !scopes.isEmpty else {
            throw ValidationError("give at least one --scope (fleet, branch:<id>, ring:<id>, terminal:<id>)")
        }
        let keyFile = try SigningKeyFile(contentsOf: key)
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let client = try AdminClient(hub: hub, key: keyFile, configuration: configuration, clock: SystemWallClock())
        do {
            let ticket = try await client.order(
                EnrolmentOrder(
                    terminal: terminal, scopes: scopes, collections: collections.isEmpty ? nil : collections,
                    validSeconds: validSeconds))
            try await client.shutdown()
            CommandSupport.printLine(ticket.pinnedCode)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
