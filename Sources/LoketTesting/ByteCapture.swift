import Foundation
import LoketSyncClient
import Synchronization

/// A stand-in receipt printer on the network: listens on a loopback port, takes one
/// connection at a time and keeps every byte it is sent, for a test to check.
public final class ByteCapture: Sendable {
    public let port: Int
    let listener: Int32
    let received = Mutex<[UInt8]>([])
    let connections = Mutex(0)

    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        // Port 0: the kernel picks a free port as it binds, so no other process can take it
        // between choosing and binding (a full test run once did).
        var address = LoopbackPort.address(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard bound, listen(listener, 4) == 0 else {
            close(listener)
            throw TestHarnessError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        var assigned = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &assigned) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) == 0 }
        }
        guard named else {
            close(listener)
            throw TestHarnessError("cannot read the port the capture listens on: errno \(errno)")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: assigned.sin_port))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }  // closed by stop()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(connection, &buffer, buffer.count)
                guard count > 0 else { break }
                received.withLock { $0 += buffer[0..<count] }
            }
            close(connection)
            connections.withLock { $0 += 1 }
        }
    }

    /// The bytes of every finished connection so far.
    public var bytes: [UInt8] { received.withLock { $0 } }

    /// Waits (up to 5 s) until `count` connections have finished.
    public func wait(connections count: Int) async throws {
        for _ in 0..<250 {
            if connections.withLock({ $0 }) >= count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestHarnessError("only \(connections.withLock { $0 }) of \(count) connections reached the capture")
    }

    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
