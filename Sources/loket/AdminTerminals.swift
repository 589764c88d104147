import ArgumentParser
import LoketProtocol
import LoketStore
import LoketSyncClient

struct AdminTerminals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminals",
        abstract: "List the enrolled terminals as JSON: scopes, what they pushed and pulled, when last seen.",
        discussion: """
            Example:
              loket admin terminals --hub http://127.0.0.1:8470 --key hub-data/admin.key
            """)

    @Option(help: "The hub's address, http(s)://host:port.") var hub: String
    @Option(help: "The admin key file.") var key: String
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?

    func run() async throws {
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let client = try AdminClient(
            hub: hub, key: try SigningKeyFile(contentsOf: key), configuration: configuration, clock: SystemWallClock())
        do {
            let text = try await client.terminals()
            try await client.shutdown()
            CommandSupport.printLine(text)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
