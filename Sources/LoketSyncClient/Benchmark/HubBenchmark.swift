import Foundation
public import Logging
import LoketProtocol
import LoketStore
import LoketSync
import Synchronization

/// `loket bench hub`: a real hub process on loopback (SQLite or PostgreSQL) and many
/// terminals, each with its own replica file, that made changes offline and now sync at
/// once. Measures requests and changes per second, request latency, and the time until
/// every terminal holds every change of its branch.
public struct HubBenchmark: Sendable {
    let options: HubBenchmarkOptions
    let logger: Logger

    public init(options: HubBenchmarkOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run() async throws -> HubBenchmarkResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "loket-bench-hub-\(UUID().uuidString)"
        )
        .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/hub"
        var storeArguments: [String] = []
        if options.store == "postgres" {
            guard let url = options.postgresURL else {
                throw SyncError.notEnrolled("--store postgres needs --postgres-url postgres://…")
            }
            storeArguments = ["--store", url]
        }
        try Self.runTool(
            options.executable, ["hub", "init", "--data", data] + storeArguments, log: folder + "/init.log")
        let port = try LoopbackPort.free()
        let hub = Process()
        hub.executableURL = URL(fileURLWithPath: options.executable)
        hub.arguments =
            ["hub", "serve", "--data", data, "--listen", "127.0.0.1:\(port)", "--log-level", "error"] + storeArguments
        hub.standardOutput = FileHandle.nullDevice
        hub.standardError = FileHandle.standardError
        try hub.run()
        defer {
            hub.terminate()
            hub.waitUntilExit()
        }
        try Self.waitForPort(port, process: hub)
        let url = "http://127.0.0.1:\(port)"

        let latencies = Mutex<[Double]>([])
        var configuration = SyncConfiguration()
        configuration.requestObserver = { _, seconds in latencies.withLock { $0.append(seconds) } }
        configuration.batchEntries = 1_000
        let syncConfiguration = configuration
        let admin = try AdminClient(
            hub: url, key: try SigningKeyFile(contentsOf: data + "/admin.key"), configuration: SyncConfiguration(),
            clock: SystemWallClock())
        let options = self.options
        let logger = self.logger
        // Enrol every terminal; each writes its changes offline.
        let clients: [SyncClient]
        do {
            clients = try await Self.concurrently(0..<options.terminals, limit: options.concurrency) {
                index in
                let name = "t\(index)"
                let branch = "branch:b\(index / options.terminalsPerBranch)"
                var replicaConfiguration = ReplicaConfiguration()
                replicaConfiguration.maximumReaderCount = 1
                replicaConfiguration.writerCacheSizeKiB = 1024
                replicaConfiguration.readerCacheSizeKiB = 256
                let client = try await SyncClient.enrolled(
                    replica: try Replica(
                        path: "\(folder)/\(name).sqlite", configuration: replicaConfiguration, logger: logger),
                    hub: url, admin: admin, order: EnrolmentOrder(terminal: name, scopes: [branch]),
                    configuration: syncConfiguration, clock: SystemWallClock(), logger: logger)
                let records = max(1, options.changesPerTerminal / 2)
                var written = 0
                while written < records {
                    let end = min(records, written + 10)
                    try client.replica.write { tx in
                        for record in written..<end {
                            try tx.put(
                                "devices", id: "\(name)-\(record)", scope: branch,
                                RecordUpdate(set: ["model": .string("offline write \(record)")]))
                        }
                    }
                    written = end
                }
                return client
            }
            try await admin.shutdown()
        } catch {
            try? await admin.shutdown()
            throw error
        }
        latencies.withLock { $0.removeAll() }

        let recordsPerTerminal = max(1, options.changesPerTerminal / 2)
        let started = ContinuousClock.now
        var rounds = 0
        var converged = false
        var pushed = 0
        var pulled = 0
        while !converged && rounds < 5 {
            rounds += 1
            let reports = try await Self.concurrently(clients.indices, limit: options.concurrency) { index in
                try await clients[index].sync()
            }
            pushed += reports.reduce(0) { $0 + $1.acceptedChanges }
            pulled += reports.reduce(0) { $0 + $1.pulledChanges }
            converged = try clients.enumerated().allSatisfy { index, client in
                let peers = min(
                    options.terminalsPerBranch,
                    options.terminals - index / options.terminalsPerBranch * options.terminalsPerBranch)
                let count = try client.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") ?? 0 }
                return count == peers * recordsPerTerminal
            }
        }
        let convergeSeconds = Self.seconds(ContinuousClock.now - started)
        let convergeRequests = latencies.withLock { $0.count }

        // Steady state: every terminal asks "anything new?" (a caught-up pull). The
        // requests are signed beforehand and sent by a light generator (``PullLoad``).
        let polls = max(10_000, options.terminals * 5)
        let requests = try (0..<polls).map { index in
            let client = clients[index % clients.count]
            let cursor = try client.replica.setting(SyncSettings.cursor) ?? "0"
            let path = "/v1/pull?cursor=\(cursor)"
            let signer = client.signer
            let time = Int64(clamping: SystemWallClock().nowMilliseconds())
            let nonce = RequestSignature.makeNonce()
            let signature = try RequestSignature(
                method: "GET", host: RequestSignature.host(ofURL: url), pathAndQuery: path, body: [UInt8](),
                timeMilliseconds: time, nonce: nonce,
                principal: signer.principal
            ).sign(with: signer.key)
            return PullLoad.Request(
                path: path,
                headers: [
                    (ProtocolHeaders.principal, signer.principal), (ProtocolHeaders.time, String(time)),
                    (ProtocolHeaders.nonce, nonce), (ProtocolHeaders.signature, signature),
                ])
        }
        let hubCPUBefore = ProcessCPU.seconds(of: hub.processIdentifier)
        let ownCPUBefore = ProcessCPU.seconds(of: getpid())
        let pollStart = ContinuousClock.now
        let sorted = try await PullLoad(host: "127.0.0.1", port: port).run(
            requests, connections: options.concurrency
        ).sorted()
        let pollSeconds = Self.seconds(ContinuousClock.now - pollStart)
        let hubCPU = ProcessCPU.seconds(of: hub.processIdentifier) - hubCPUBefore
        let ownCPU = ProcessCPU.seconds(of: getpid()) - ownCPUBefore
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000
        }

        // Ingest: every terminal pushes a batch of new changes (made and encoded beforehand).
        let bodies: [(body: [UInt8], digest: String)] = try clients.enumerated().map { index, client in
            let branch = "branch:b\(index / options.terminalsPerBranch)"
            try client.replica.write { tx in
                for record in 0..<recordsPerTerminal {
                    try tx.put(
                        "devices", id: "t\(index)-second-\(record)", scope: branch,
                        RecordUpdate(set: ["model": .string("second batch")]))
                }
            }
            let body = OutboxBatch.encode(try client.replica.outbox(limit: 10_000).map { ($0.sequence, $0.payload) })
            return (body, try PushManifest(origin: client.replica.id.rawValue, batch: body).digest)
        }
        let pushStart = ContinuousClock.now
        let receipts: [PushReceipt] = try await Self.concurrently(clients.indices, limit: options.concurrency) {
            index in
            let answer = try await clients[index].connection.send(
                "POST", "/v1/push", body: bodies[index].body, contentType: ProtocolHeaders.outboxMediaType,
                signer: clients[index].signer, signedDigest: bodies[index].digest)
            return try JSONDecoder().decode(PushReceipt.self, from: Data(answer.body))
        }
        let pushSeconds = Self.seconds(ContinuousClock.now - pushStart)
        let ingested = receipts.reduce(0) { $0 + $1.accepted }
        for (client, receipt) in zip(clients, receipts) {
            try client.replica.acknowledgeOutbox(through: receipt.acknowledgedThrough)
        }

        for client in clients {
            try await client.shutdown()
            try client.replica.close()
        }
        return HubBenchmarkResult(
            store: options.store, terminals: options.terminals, requestsPerSecond: Double(polls) / pollSeconds,
            changesPerSecond: Double(ingested) / pushSeconds,
            convergeChangesPerSecond: Double(pushed + pulled) / convergeSeconds,
            p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99),
            hubCPUMicrosecondsPerRequest: hubCPU / Double(polls) * 1e6,
            generatorCPUMicrosecondsPerRequest: ownCPU / Double(polls) * 1e6, convergeSeconds: convergeSeconds,
            convergeRequests: convergeRequests, rounds: rounds, converged: converged)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Runs `body` for every element, at most `limit` at once; results in input order.
    static func concurrently<C: Collection & Sendable, T: Sendable>(
        _ items: C, limit: Int, _ body: @escaping @Sendable (C.Element) async throws -> T
    ) async throws -> [T] where C.Element: Sendable, C.Index == Int {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results: [T?] = Array(repeating: nil, count: items.count)
            var iterator = items.enumerated().makeIterator()
            for _ in 0..<max(1, limit) {
                guard let (offset, item) = iterator.next() else { break }
                group.addTask { (offset, try await body(item)) }
            }
            while let (offset, result) = try await group.next() {
                results[offset] = result
                if let (next, item) = iterator.next() { group.addTask { (next, try await body(item)) } }
            }
            return results.map { $0! }
        }
    }

    static func runTool(_ tool: String, _ arguments: [String], log: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw SyncError.notEnrolled("\(tool) \(arguments.joined(separator: " ")) failed: \(text)")
        }
    }

    static func waitForPort(_ port: Int, process: Process) throws {
        for _ in 0..<600 {
            if LoopbackPort.accepts(port) { return }
            guard process.isRunning else { throw SyncError.unreachable("the hub process ended before listening") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw SyncError.unreachable("the hub did not listen on \(port) within 30 s")
    }
}
