import Foundation

/// The reverse proxies in front of the hub whose `X-Forwarded-For` it believes, as
/// addresses or networks (`10.0.0.5`, `10.0.0.0/8`, `::1`, `fd00::/8`). Behind a proxy
/// every request comes from the proxy's address: without this list the console's log-in
/// would count every visitor's wrong passwords against that one address, and one
/// attacker's guesses would slow everyone down. A request from anywhere else keeps its own
/// address, whatever it says in `X-Forwarded-For`: a client cannot choose the address its
/// attempts are counted by.
public struct TrustedProxies: Sendable, Equatable {
    /// A network: its address bytes (4 or 16) and how many leading bits must match.
    struct Network: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for (a, b) in zip(address, bytes) where left > 0 {
                let bits = min(8, left)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if a & mask != b & mask { return false }
                left -= bits
            }
            return true
        }
    }

    var networks: [Network]

    /// No proxy: every request's client is its peer.
    public init() { networks = [] }

    /// Parses each entry; throws naming the first that is not an address or a network.
    public init(_ entries: [String]) throws(HubConfigurationError) {
        networks = []
        for entry in entries {
            let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let bytes = Self.parse(parts[0]) else {
                throw HubConfigurationError(
                    "trusted proxy \"\(entry)\" is not an IP address or network (10.0.0.5, 10.0.0.0/8, fd00::/8)")
            }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let bits = Int(parts[1]), (0...bytes.count * 8).contains(bits) else {
                    throw HubConfigurationError(
                        "trusted proxy \"\(entry)\": the prefix length must be 0–\(bytes.count * 8)")
                }
                prefix = bits
            }
            networks.append(Network(bytes: bytes, prefix: prefix))
        }
    }

    /// Whether `address` (IP address text) is one of the proxies.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.parse(address) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The client a request came from: its peer, unless the peer is a trusted proxy; then
    /// the last address in `X-Forwarded-For` (all its headers, in order) that is not a
    /// trusted proxy — walked from the right, as each proxy appends the address it saw.
    /// Entries left of that one were written by the client and are not believed. An entry
    /// that is not an IP address ends the walk at the proxy that wrote it.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var client = peer
        for hop in hops.reversed() {
            guard Self.parse(hop) != nil else { return client }
            client = hop
            if !contains(hop) { return hop }
        }
        return client
    }

    /// The bytes of an IPv4 or IPv6 address in text, or `nil`.
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
