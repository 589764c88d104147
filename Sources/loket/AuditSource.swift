import ArgumentParser
import LoketProtocol
import LoketStore
import LoketSyncClient

/// Where the audit log is read: a replica file, or the hub's copy (signed with a key).
struct AuditSource: ParsableArguments {
    @Option(help: "A replica (SQLite file): a terminal's, a desk's, or one made with `loket db init`.") var db: String?
    @Option(help: "The hub's address, http(s)://host:port (with --key).") var hub: String?
    @Option(help: "An admin or staff key file, to read the hub's copy.") var key: String?
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (db == nil) != (hub == nil) else {
            throw ValidationError("give either --db FILE or --hub URL --key FILE")
        }
        if hub != nil, key == nil { throw ValidationError("--hub needs --key: the admin or staff key file") }
    }

    /// The records and the chain heads the source knows.
    func load() async throws -> (records: [(id: String, entry: Result<AuditEntry, AuditReadError>)], heads: [AuditHead])
    {
        if let db {
            let replica = try CommandSupport.openTerminal(db)
            defer { try? replica.close() }
            return (try replica.auditRecords(), [])
        }
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        let client = try AdminClient(
            hub: hub!, key: try SigningKeyFile(contentsOf: key!), configuration: configuration,
            clock: SystemWallClock())
        do {
            let page = try await client.auditLog()
            try await client.shutdown()
            return (page.entries.map { (id: $0.recordID, entry: .success($0)) }, page.heads)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
