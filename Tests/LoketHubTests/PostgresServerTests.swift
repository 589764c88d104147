import Foundation
import LoketSyncClient
import LoketTesting
import Testing

/// The test harness's PostgreSQL server: a port taken between its pick and the server's
/// bind (another test's connection, say) costs a retry, not a failed test.
@Suite struct PostgresServerTests {
    @Test("a port taken before the server binds it: the server starts on another one")
    func takenPort() throws {
        let taken = try ListeningSocket()
        defer { taken.close() }
        #expect(LoopbackPort.accepts(taken.port))
        var picked: [Int] = []
        let server = try PostgresServer(ports: {
            let port = picked.isEmpty ? taken.port : try LoopbackPort.free()
            picked.append(port)
            return port
        })
        defer { server.stop() }
        #expect(picked.count == 2, "the taken port was tried, then one more: \(picked)")
        #expect(server.port == picked.last && server.port != taken.port)
        try server.execute("SELECT 1")
    }
}

/// A socket listening on a port of 127.0.0.1 the kernel picked, until closed.
struct ListeningSocket {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = LoopbackPort.address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard descriptor >= 0, listening else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
