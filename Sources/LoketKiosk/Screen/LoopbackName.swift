/// The names that mean "this machine" for the screens a terminal serves to its own
/// browser: `127.0.0.1`, `localhost` and `[::1]` (or `::1`). The screens listen only there
/// and answer only requests addressed there (``ScreenGuardMiddleware``).
public enum LoopbackName {
    /// Whether `host` (no port) is a loopback name.
    public static func isLoopback(host: String) -> Bool {
        ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host.lowercased())
    }

    /// Whether `authority` (a `Host` header: a host, with or without `:port`) is a
    /// loopback name.
    public static func isLoopback(authority: String) -> Bool {
        var host = Substring(authority)
        var port: Substring = ""
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let rest = host[host.index(after: close)...]
            guard rest.isEmpty || rest.hasPrefix(":") else { return false }
            port = rest.dropFirst()
            host = host[...close]
        } else if let colon = host.lastIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
            guard !port.isEmpty else { return false }
        }
        guard port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return host != "::1" && isLoopback(host: String(host))
    }

    /// Throws unless `host` is a loopback name: a screen served on another address would
    /// let anyone on that network start and end sessions, and its guard would refuse
    /// every request addressed there.
    static func require(_ host: String, option: String) throws(ScreenError) {
        guard isLoopback(host: host) else {
            throw ScreenError(
                "\(option) must be on this machine (127.0.0.1, localhost or [::1]), got \(host): the screen acts for the visitor at this terminal only"
            )
        }
    }
}
