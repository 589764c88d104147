import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct TLSTests {
    /// A certificate authority and a certificate for 127.0.0.1 signed by it, made with openssl.
    static func makeCertificates(in folder: TemporaryDirectory, names: String = "IP:127.0.0.1") throws -> (
        ca: String, cert: String, key: String
    ) {
        let log = folder.path("openssl.log")
        func openssl(_ arguments: [String]) throws {
            let status = try Spawn.run("/usr/bin/openssl", arguments, logPath: log)
            guard status == 0 else {
                throw TestHarnessError(
                    "openssl \(arguments.first ?? "") failed: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")"
                )
            }
        }
        let (ca, caKey) = (folder.path("ca.pem"), folder.path("ca-key.pem"))
        let (cert, key, request) = (folder.path("hub.pem"), folder.path("hub-key.pem"), folder.path("hub.csr"))
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", caKey,
            "-out", ca, "-days", "2", "-subj", "/CN=Loket test CA",
        ])
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
            request, "-subj", "/CN=127.0.0.1",
        ])
        let extensions = folder.path("ext.cnf")
        try "subjectAltName=\(names)\nextendedKeyUsage=serverAuth\n".write(
            toFile: extensions, atomically: true, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", request, "-CA", ca, "-CAkey", caKey, "-CAcreateserial", "-out", cert, "-days", "2",
            "-extfile", extensions,
        ])
        return (ca, cert, key)
    }

    @Test("over TLS, a client trusting the hub's authority syncs; one that does not refuses the certificate")
    func verifiedTLS() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-tls")
        let (ca, cert, key) = try Self.makeCertificates(in: folder)
        var configuration = HubConfiguration()
        configuration.tlsCertificatePath = cert
        configuration.tlsKeyPath = key
        try await withHub(.sqlite, configuration: configuration) { running in
            #expect(running.url.hasPrefix("https://"))
            // Not trusting the authority: the certificate is refused, nothing is sent.
            let untrusting = try AdminClient(
                hub: running.url, key: running.adminKey, configuration: SyncConfiguration(), clock: running.clock)
            do {
                _ = try await untrusting.order(EnrolmentOrder(terminal: "t", scopes: ["fleet"]))
                Issue.record("a certificate from an unknown authority was accepted")
            } catch SyncError.unreachable(let text) {
                #expect(text.lowercased().contains("certificate"), "\(text)")
            }
            try await untrusting.shutdown()
            // Trusting it (--ca): enrolment and sync work.
            var trusting = SyncConfiguration()
            trusting.trustedCertificatesPath = ca
            let client = try await running.terminal("tls-terminal", scopes: ["fleet"], configuration: trusting)
            try client.replica.put("devices", id: "d", scope: "fleet", RecordUpdate(set: ["model": .string("m")]))
            let report = try await client.sync()
            #expect(report.acceptedChanges == 2)
            try await client.shutdown()
        }
    }
}
