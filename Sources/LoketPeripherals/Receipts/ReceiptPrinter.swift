import Foundation

/// Sends ESC/POS bytes to a receipt printer, over TCP or to its device file, all of them or
/// a clear error: unreachable (off, unplugged, no permission), or cut off midway. Blocking,
/// with a timeout; call it off the cooperative pool.
public struct ReceiptPrinter: Sendable {
    public let destination: ReceiptDestination
    /// How long to wait to connect and for each write, milliseconds.
    public var timeoutMilliseconds: Int32

    public init(destination: ReceiptDestination, timeoutMilliseconds: Int32 = 5_000) {
        self.destination = destination
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Prints `lines` (encoded with ``ESCPOSEncoder``); answers the characters printed as `?`.
    @discardableResult
    public func print(_ lines: [ReceiptLine]) throws(PrintError) -> [Character] {
        let encoded = ESCPOSEncoder.encode(lines)
        try send(encoded.bytes)
        return encoded.unprintable
    }

    /// Sends `bytes` as they are.
    public func send(_ bytes: [UInt8]) throws(PrintError) {
        let fd: Int32
        switch destination {
        case .device(let path):
            fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else {
                let reason = errno
                let hint =
                    reason == ENOENT
                    ? "no such device: is the receipt printer plugged in? (loket devices list)"
                    : reason == EACCES
                        ? "no permission: are Loket's udev rules installed? (Hardware/70-loket.rules)"
                        : String(cString: strerror(reason))
                throw PrintError(.unreachable, "the receipt printer \(path) cannot be opened: \(hint)")
            }
        case .tcp(let host, let port):
            fd = try connect(host, port)
        }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&ready, 1, timeoutMilliseconds) > 0 else {
                throw PrintError(
                    .unreachable,
                    "the receipt printer \(destination) stopped taking data after \(written) of \(bytes.count) bytes (out of paper, or cover open?)"
                )
            }
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else {
                throw PrintError(
                    .unreachable,
                    "the receipt printer \(destination) went away after \(written) of \(bytes.count) bytes: \(String(cString: strerror(errno)))"
                )
            }
            written += count
        }
    }

    func connect(_ host: String, _ port: Int) throws(PrintError) -> Int32 {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, "\(port)", &hints, &found) == 0, let first = found else {
            throw PrintError(.unreachable, "the receipt printer's host \(host) is not known")
        }
        defer { freeaddrinfo(found) }
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                if poll(&ready, 1, timeoutMilliseconds) > 0, getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0,
                    error == 0
                {
                    return fd
                }
                reason = error != 0 ? String(cString: strerror(error)) : "no answer in \(timeoutMilliseconds) ms"
            } else {
                reason = String(cString: strerror(errno))
            }
            close(fd)
        }
        throw PrintError(.unreachable, "the receipt printer tcp://\(host):\(port) cannot be reached: \(reason)")
    }
}
