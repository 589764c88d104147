import ArgumentParser
import Foundation
import LoketProtocol
import LoketStore
import LoketSyncClient

struct AdminProfileTrust: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile-trust",
        abstract: "Give the hub the fleet's profile trust file; terminals receive it at enrolment.",
        discussion: """
            The file comes from loket profile trust. The first may be any trust file
            signed by its own keys; after that the hub takes only the next version,
            signed by the keys of the one it holds and by its own (a key rotation), and
            refuses anything else with the reason.

            Example:
              loket admin profile-trust --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  --file trust.json
            """)

    @Option(help: "The hub's address, http(s)://host:port.") var hub: String
    @Option(help: "The admin key file (the hub's, not a profile-signing key).") var key: String
    @Option(help: "The trust file.") var file: String
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?

    func run() async throws {
        let bytes = try CommandSupport.readFile(file, what: "the trust file")
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let client = try AdminClient(
            hub: hub, key: try SigningKeyFile(contentsOf: key), configuration: configuration, clock: SystemWallClock())
        do {
            let receipt = try await client.setProfileTrust(bytes)
            try await client.shutdown()
            CommandSupport.printLine(
                "profile trust version \(receipt.version) set: \(receipt.keys.joined(separator: ", ")), threshold \(receipt.threshold)"
            )
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
