import HTTPTypes
public import Hummingbird
public import NIOCore

/// The hub's request context: Hummingbird's basic one and the address the request came
/// from, which (or the client a trusted reverse proxy names) the console's log-in counts
/// attempts by.
public struct HubRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text, without the port (a reverse proxy's, behind one).
    public var peerAddress: String? { remoteAddress?.ipAddress }

    /// The client's IP address as text: the peer's, or behind one of `proxies` the one
    /// they forwarded (``TrustedProxies/client(peer:forwardedFor:)``).
    public func clientAddress(_ request: Request, proxies: TrustedProxies) -> String? {
        proxies.client(peer: peerAddress, forwardedFor: request.headers[values: Self.forwardedFor])
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}
