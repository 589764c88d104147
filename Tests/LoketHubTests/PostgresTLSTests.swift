import Foundation
import LoketHub
import LoketTesting
import Testing

/// The hub's connection to PostgreSQL: verified TLS unless a weaker mode is asked for by name.
@Suite struct PostgresTLSTests {
    @Test("without sslmode, a server elsewhere gets verify-full and one on this machine prefer; bad modes are named")
    func defaults() throws {
        #expect(try PostgresHubStore.sslMode(of: "postgres://loket@db.internal:5432/loket") == "verify-full")
        #expect(try PostgresHubStore.sslMode(of: "postgres://loket@10.0.0.7/loket") == "verify-full")
        #expect(try PostgresHubStore.sslMode(of: "postgres://loket@127.0.0.1.example.nl/loket") == "verify-full")
        #expect(try PostgresHubStore.sslMode(of: "postgres://loket@127.0.0.1:5432/loket") == "prefer")
        #expect(try PostgresHubStore.sslMode(of: "postgres://loket@localhost/loket") == "prefer")
        #expect(try PostgresHubStore.sslMode(of: "postgres://loket@db.internal/loket?sslmode=require") == "require")
        #expect(throws: HubError.self) { try PostgresHubStore.sslMode(of: "postgres://loket@db/loket?sslmode=allow") }
    }

    @Test(
        "verify-full connects only to a server whose certificate the hub trusts; require and disable say so in the URL")
    func verifiedConnection() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-pg-tls")
        defer { folder.remove() }
        let (ca, certificate, key) = try TLSTests.makeCertificates(in: folder)
        let server = try PostgresServer(tls: (certificate, key))
        defer { server.stop() }
        let base = "postgres://\(PostgresServer.user)@127.0.0.1:\(server.port)/postgres"
        /// Whether the store opens; a refusal is an error that names the reason at once.
        func opens(_ url: String) async -> Bool {
            do {
                let store = try PostgresHubStore(url: url, logger: TestLogging.silent)
                defer { Task { try? await store.close() } }
                try await store.prepare()
                return true
            } catch let error as HubError {
                #expect(error.code == "store-unavailable" && error.message.contains("cannot connect"), "\(error)")
                return false
            } catch {
                Issue.record("not a HubError: \(error)")
                return false
            }
        }
        #expect(await opens(base + "?sslmode=verify-full&sslrootcert=\(ca)"), "the server's certificate is trusted")
        #expect(await !opens(base + "?sslmode=verify-full"), "an unknown authority is refused")
        #expect(await !opens(base + "?sslmode=verify-ca"), "verify-ca checks the chain too")
        #expect(await opens(base + "?sslmode=require"), "require: encrypted, the certificate not checked")
        // A server whose certificate names another host: verify-full refuses it, verify-ca not.
        let otherFolder = try TemporaryDirectory(prefix: "loket-pg-tls-name")
        defer { otherFolder.remove() }
        let other = try TLSTests.makeCertificates(in: otherFolder, names: "DNS:db.example.nl")
        let named = try PostgresServer(tls: (other.cert, other.key))
        defer { named.stop() }
        let namedBase = "postgres://\(PostgresServer.user)@127.0.0.1:\(named.port)/postgres"
        #expect(await !opens(namedBase + "?sslmode=verify-full&sslrootcert=\(other.ca)"), "another name is refused")
        #expect(await opens(namedBase + "?sslmode=verify-ca&sslrootcert=\(other.ca)"))

        let clear = try PostgresServer()
        defer { clear.stop() }
        let clearBase = "postgres://\(PostgresServer.user)@127.0.0.1:\(clear.port)/postgres"
        #expect(await !opens(clearBase + "?sslmode=verify-full&sslrootcert=\(ca)"), "no TLS: refused")
        #expect(await opens(clearBase + "?sslmode=disable"))
    }
}
