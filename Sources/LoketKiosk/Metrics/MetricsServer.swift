import Hummingbird
public import Logging
public import LoketStore
public import ServiceLifecycle

/// The agent's `GET /metrics` for Prometheus, on an address of its own (`loket terminal
/// run --metrics`), apart from the kiosk screen: the screen stays on loopback while the
/// fleet's Prometheus may scrape the metrics over the branch network.
public struct MetricsServer: Service {
    let application: Application<RouterResponder<BasicRequestContext>>

    public init(
        metrics: LoketMetrics, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: LoketMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(string: await metrics.scrape())))
        }
        application = Application(
            router: router, configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onRunning(host, channel.localAddress?.port ?? port) },
            logger: logger)
    }

    public func run() async throws {
        try await application.run()
    }
}
