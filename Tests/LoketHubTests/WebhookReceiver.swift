import Foundation
import Hummingbird
import LoketTesting
import ServiceLifecycle
import Synchronization

/// An HTTP endpoint on a free loopback port that keeps every body POSTed to it — the
/// other end of an alert webhook — and answers 503 while told to fail.
final class WebhookReceiver: Sendable {
    final class State: Sendable {
        let bodies = Mutex<[[UInt8]]>([])
        let failing = Mutex(false)
    }
    let state = State()
    var bodies: [[UInt8]] { state.bodies.withLock { $0 } }
    func fail(_ on: Bool) { state.failing.withLock { $0 = on } }
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let port: Int

    init() async throws {
        let state = self.state
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            if state.failing.withLock({ $0 }) { return Response(status: .serviceUnavailable) }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            state.bodies.withLock { $0.append(Array(buffer.readableBytesView)) }
            return Response(status: .noContent)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: TestLogging.silent)
        let group = ServiceGroup(services: [application], logger: TestLogging.silent)
        self.group = group
        task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        guard port != 0 else { throw TestHarnessError("the webhook receiver did not start") }
        self.port = port
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
