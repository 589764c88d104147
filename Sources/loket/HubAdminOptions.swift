import ArgumentParser
import LoketProtocol
import LoketStore
import LoketSyncClient

/// The options of every command an admin sends to the hub: where it is, the admin key
/// that signs the requests, the certificate authorities to trust.
struct HubAdminOptions: ParsableArguments {
    @Option(help: "The hub's address, http(s)://host:port.") var hub: String
    @Option(help: "The admin key file (the hub's, not a profile-signing key).") var key: String
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?

    /// Runs `body` with a client for the hub, shut down afterwards whatever happens.
    func withClient<T: Sendable>(_ body: (AdminClient) async throws -> T) async throws -> T {
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let client = try AdminClient(
            hub: hub, key: try SigningKeyFile(contentsOf: key), configuration: configuration, clock: SystemWallClock())
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
