import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
public import ServiceLifecycle

/// The hub as a running service: the HTTP server (plain or TLS) and the garbage collector,
/// stopped together on SIGTERM/SIGINT by the caller's `ServiceGroup`.
public struct HubServer: Service {
    public let hub: Hub
    let onListening: @Sendable (String, Int) async -> Void

    /// - Parameter onListening: called with the bound host and port once the server
    ///   accepts connections (port 0 in the configuration picks a free one).
    public init(hub: Hub, onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) {
        self.hub = hub
        self.onListening = onListening
    }

    public func run() async throws {
        let configuration = hub.configuration
        let router = HubRouter.make(hub)
        let server: HTTPServerBuilder
        switch (configuration.tlsCertificatePath, configuration.tlsKeyPath) {
        case (let certificate?, let key?):
            server = try .tls(.http1(), tlsConfiguration: Self.tlsConfiguration(certificate: certificate, key: key))
        case (nil, nil):
            server = .http1()
        default:
            throw HubError(
                status: 500, code: "tls-incomplete", "give both --tls-cert and --tls-key, or neither")
        }
        let onListening = self.onListening
        let host = configuration.host
        let app = Application(
            router: router, server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "loket-hub"),
            services: [GarbageCollector(hub: hub)],
            onServerRunning: { channel in await onListening(host, channel.localAddress?.port ?? 0) },
            logger: hub.logger)
        try await app.run()
    }

    static func tlsConfiguration(certificate: String, key: String) throws -> TLSConfiguration {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            return TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(privateKey))
        } catch {
            throw HubError(
                status: 500, code: "tls-files", "cannot read the TLS certificate \(certificate) or key \(key): \(error)"
            )
        }
    }
}
