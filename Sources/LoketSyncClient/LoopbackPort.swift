public import Foundation

/// Ports on 127.0.0.1: one nothing listens on, and whether something listens on one. For
/// the hub benchmark and the test harness, which start hubs on loopback.
public enum LoopbackPort {
    /// A port nothing listens on right now, free again once returned. Picked at random
    /// below the kernel's range for outgoing connections (`ip_local_port_range`), so a
    /// connection some other process opens cannot take it before its server binds it; the
    /// kernel's own pick if no port there is free.
    public static func free() throws -> Int {
        let ephemeral = ephemeralRangeStart()
        let below = max(1024, ephemeral - 12_000)..<ephemeral
        if !below.isEmpty {
            for _ in 0..<64 {
                let port = Int.random(in: below)
                if try bound(port) != nil { return port }
            }
        }
        guard let port = try bound(0) else {
            throw SyncError.unreachable("no free port on 127.0.0.1: errno \(errno)")
        }
        return port
    }

    /// Binds a socket to `port` on 127.0.0.1 (0: the kernel picks) and closes it; the port
    /// bound, or nil if it is taken.
    static func bound(_ port: Int) throws -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SyncError.unreachable("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = Self.address(port: port)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        return named ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// The first port of the range the kernel hands to outgoing connections (32768 if it
    /// cannot be read).
    static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    public static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = Self.address(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The socket address of `port` on 127.0.0.1.
    public static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
