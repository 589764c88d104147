import Foundation

/// Where a job goes: a CUPS queue on a scheduler (`ipp://SERVER/printers/QUEUE`), or an IPP
/// printer reached directly (`ipp://HOST:PORT/ipp/print`, `ipps://…` with TLS).
public struct PrintTarget: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The HTTP resource of the printer: `/printers/QUEUE`, `/ipp/print`.
    public var resource: String
    public var tls: Bool

    /// The printer's IPP address.
    public var uri: String { "\(tls ? "ipps" : "ipp")://\(host):\(port)\(resource)" }
    public var description: String { uri }

    /// The CUPS queue `name` on the scheduler at `server` (`HOST:PORT`, default port 631).
    public static func queue(_ name: String, server: String) throws(PrintError) -> PrintTarget {
        guard !name.isEmpty, name.utf8.count <= 127,
            name.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "#") })
        else {
            throw PrintError(.badInput, "\"\(name)\" is not a CUPS queue name (1–127 printable characters, no / or #)")
        }
        let (host, port) = try split(server)
        return PrintTarget(host: host, port: port, resource: "/printers/\(name)", tls: false)
    }

    /// An IPP printer's address: `ipp://HOST[:PORT]/PATH` or `ipps://…`.
    public static func printer(_ text: String) throws(PrintError) -> PrintTarget {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "ipp" || scheme == "ipps",
            let host = url.host, !host.isEmpty
        else {
            throw PrintError(.badInput, "\"\(text)\" is not a printer address (ipp://HOST:PORT/PATH or ipps://…)")
        }
        let path = url.path.isEmpty ? "/ipp/print" : url.path
        return PrintTarget(host: host, port: url.port ?? 631, resource: path, tls: scheme == "ipps")
    }

    /// A printer address when `text` starts with ipp:// or ipps://, else a CUPS queue at `server`.
    public static func parse(_ text: String, server: String) throws(PrintError) -> PrintTarget {
        let lower = text.lowercased()
        if lower.hasPrefix("ipp://") || lower.hasPrefix("ipps://") { return try printer(text) }
        return try queue(text, server: server)
    }

    static func split(_ server: String) throws(PrintError) -> (String, Int) {
        let parts = server.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else {
            throw PrintError(.badInput, "\"\(server)\" is not a CUPS server (HOST or HOST:PORT)")
        }
        guard parts.count == 2 else { return (String(parts[0]), 631) }
        guard let port = Int(parts[1]), (1...65535).contains(port) else {
            throw PrintError(.badInput, "\"\(server)\": the port must be 1–65535")
        }
        return (String(parts[0]), port)
    }
}
