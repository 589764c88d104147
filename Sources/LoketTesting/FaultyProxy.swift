import Foundation
import LoketSync
import LoketSyncClient

/// A TCP proxy on loopback that misbehaves on purpose, between a client and a server:
/// it delays data, refuses some connections outright and cuts others after a random
/// number of bytes, in either direction. Seeded, so a failing run can be repeated.
public final class FaultyProxy: @unchecked Sendable {
    /// What to do to the traffic.
    public struct Faults: Sendable {
        /// Chance that a new connection is closed at once.
        public var refuse: Double = 0.1
        /// Chance that a connection is cut after a random number of bytes (up to `cutWithin`).
        public var cut: Double = 0.3
        public var cutWithin: Int = 4096
        /// Chance that any one chunk is dropped and its connection cut (kept-alive
        /// connections carry many requests).
        public var cutChunk: Double = 0.05
        /// Chance that a chunk is held back for up to `maximumDelay` seconds.
        public var delay: Double = 0.2
        public var maximumDelay: Double = 0.05

        public init() {}

        /// No faults: a plain forwarder (a load balancer in front of a hub that comes and goes).
        public static var none: Faults {
            var faults = Faults()
            faults.refuse = 0
            faults.cut = 0
            faults.cutChunk = 0
            faults.delay = 0
            return faults
        }
    }

    public let port: Int
    var upstreamPort: Int
    let listener: Int32
    let faults: Faults
    let lock = NSLock()
    var generator: SeededGenerator
    var stopped = false
    var sockets = Set<Int32>()
    /// Connections the proxy has cut or refused (for the test to check faults happened).
    public private(set) var faultsInjected = 0

    public init(upstreamPort: Int, faults: Faults = Faults(), seed: UInt64) throws {
        self.upstreamPort = upstreamPort
        self.faults = faults
        self.generator = SeededGenerator(seed: seed)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestHarnessError("proxy: socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = LoopbackPort.address(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw TestHarnessError("proxy: bind/listen failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Sends new connections to `upstreamPort` from now on (a server that came back elsewhere).
    public func retarget(upstreamPort: Int) { lock.withLock { self.upstreamPort = upstreamPort } }

    func random() -> Double { lock.withLock { Double.random(in: 0..<1, using: &generator) } }
    func randomInt(_ range: ClosedRange<Int>) -> Int { lock.withLock { Int.random(in: range, using: &generator) } }

    func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            if random() < faults.refuse {
                lock.withLock { faultsInjected += 1 }
                close(client)
                continue
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = LoopbackPort.address(port: lock.withLock { upstreamPort })
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            let cutAfter = random() < faults.cut ? randomInt(1...faults.cutWithin) : Int.max
            if cutAfter != Int.max { lock.withLock { faultsInjected += 1 } }
            lock.withLock {
                sockets.insert(client)
                sockets.insert(upstream)
            }
            let budget = ByteBudget(cutAfter)
            for (from, to) in [(client, upstream), (upstream, client)] {
                Thread { [self] in pump(from: from, to: to, budget: budget) }.start()
            }
        }
    }

    /// Bytes both directions of one connection may still carry before it is cut.
    final class ByteBudget: @unchecked Sendable {
        var remaining: Int
        var pumpsDone = 0
        let lock = NSLock()
        init(_ remaining: Int) { self.remaining = remaining }
        /// True for the second of the two pumps to finish: it closes the sockets.
        func finish() -> Bool {
            lock.withLock {
                pumpsDone += 1
                return pumpsDone == 2
            }
        }
        func take(_ count: Int) -> Int {
            lock.withLock {
                let allowed = min(count, remaining)
                remaining -= allowed
                return allowed
            }
        }
    }

    func pump(from: Int32, to: Int32, budget: ByteBudget) {
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        defer {
            shutdown(from, Int32(SHUT_RDWR))
            shutdown(to, Int32(SHUT_RDWR))
            if budget.finish() {
                lock.withLock {
                    sockets.remove(from)
                    sockets.remove(to)
                }
                close(from)
                close(to)
            }
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            if count <= 0 { return }
            if random() < faults.delay { Thread.sleep(forTimeInterval: random() * faults.maximumDelay) }
            if random() < faults.cutChunk {
                lock.withLock { faultsInjected += 1 }
                return
            }
            let allowed = budget.take(count)
            var sent = 0
            while sent < allowed {
                let written = buffer.withUnsafeBytes {
                    send(to, $0.baseAddress! + sent, allowed - sent, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { return }
                sent += written
            }
            if allowed < count { return }  // the cut
        }
    }

    /// Stops accepting and closes every connection.
    public func stop() {
        let open = lock.withLock {
            stopped = true
            return sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for socket in open { shutdown(socket, Int32(SHUT_RDWR)) }
    }
}
