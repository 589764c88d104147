import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The steady-state load of `loket bench hub`: requests made and signed beforehand, sent
/// over a few keep-alive HTTP/1.1 connections, one request at a time on each, the next as
/// soon as the answer has arrived. Each answer must be 200; its latency (request written to
/// answer complete) is recorded.
///
/// The benchmark's terminals are full ``SyncClient``s, whose HTTP client and signing cost
/// more CPU per request than the hub's own work; on a 2-core machine shared by client and
/// hub, a generator that does no more than send and receive leaves the cores to the hub,
/// so the figure says what the hub serves. The hub still checks every signature, time and
/// nonce: nothing is cached between requests, each nonce is fresh.
struct PullLoad {
    /// A request: head line and headers, no body.
    struct Request: Sendable {
        var path: String
        var headers: [(String, String)]
    }

    enum Failure: Error, CustomStringConvertible {
        case status(Int, String)
        case closed(Int)

        var description: String {
            switch self {
            case .status(let status, let body): "a steady-state request was answered \(status): \(body)"
            case .closed(let left): "the hub closed a connection with \(left) requests unanswered"
            }
        }
    }

    let host: String
    let port: Int

    /// Sends `requests` over `connections` connections; the latencies in seconds.
    func run(_ requests: [Request], connections: Int) async throws -> [Double] {
        let group = MultiThreadedEventLoopGroup.singleton
        let count = max(1, min(connections, requests.count))
        var slices = Array(repeating: [Request](), count: count)
        for (index, request) in requests.enumerated() { slices[index % count].append(request) }
        let host = self.host
        return try await withThrowingTaskGroup(of: [Double].self) { tasks in
            for slice in slices {
                tasks.addTask {
                    let promise = group.next().makePromise(of: [Double].self)
                    let channel = try await ClientBootstrap(group: group)
                        .channelOption(.socketOption(.tcp_nodelay), value: 1)
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                                try channel.pipeline.syncOperations.addHandler(
                                    Handler(host: "\(host):\(port)", requests: slice, promise: promise))
                            }
                        }
                        .connect(host: host, port: port).get()
                    do {
                        let latencies = try await promise.futureResult.get()
                        try? await channel.close()
                        return latencies
                    } catch {
                        try? await channel.close()
                        throw error
                    }
                }
            }
            var all: [Double] = []
            for try await latencies in tasks { all += latencies }
            return all
        }
    }

    /// One connection: writes request after request, each once the previous is answered.
    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPClientResponsePart
        typealias OutboundOut = HTTPClientRequestPart

        let host: String
        let requests: [Request]
        let promise: EventLoopPromise<[Double]>
        var next = 0
        var started = NIODeadline.now()
        var status = 0
        var body = ""
        var latencies: [Double] = []

        init(host: String, requests: [Request], promise: EventLoopPromise<[Double]>) {
            self.host = host
            self.requests = requests
            self.promise = promise
            latencies.reserveCapacity(requests.count)
        }

        func channelActive(context: ChannelHandlerContext) {
            send(context: context)
            context.fireChannelActive()
        }

        func send(context: ChannelHandlerContext) {
            guard next < requests.count else {
                promise.succeed(latencies)
                return
            }
            let request = requests[next]
            next += 1
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: request.path)
            head.headers.add(name: "Host", value: host)
            for (name, value) in request.headers { head.headers.add(name: name, value: value) }
            started = .now()
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                status = Int(head.status.code)
                body = ""
            case .body(let buffer):
                if status != 200 { body += String(buffer: buffer) }
            case .end:
                guard status == 200 else {
                    promise.fail(Failure.status(status, String(body.prefix(300))))
                    context.close(promise: nil)
                    return
                }
                let elapsed = NIODeadline.now() - started
                latencies.append(Double(elapsed.nanoseconds) / 1e9)
                send(context: context)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(Failure.closed(requests.count - latencies.count))
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(error)
            context.close(promise: nil)
        }
    }
}
