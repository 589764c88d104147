public import Hummingbird
public import NIOCore

/// The hub's request context: Hummingbird's basic one and the address the request came
/// from (the reverse proxy's, behind one), which the console's log-in counts attempts by.
public struct HubRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, without the port.
    public var clientAddress: String? { remoteAddress?.ipAddress }
}
