import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct FaultyNetworkTests {
    @Test(
        "through a proxy that delays, refuses and cuts connections, terminals converge with nothing lost or doubled",
        arguments: [11, 12, 13] as [UInt64])
    func convergeThroughFaultyProxy(seed: UInt64) async throws {
        try await withHub(.sqlite) { running in
            let port = Int(running.url.split(separator: ":").last!)!
            let proxy = try FaultyProxy(upstreamPort: port, seed: seed)
            defer { proxy.stop() }
            var configuration = SyncConfiguration()
            configuration.requestTimeoutSeconds = 10
            configuration.batchEntries = 3  // many small pushes: more places to be cut
            configuration.pullLimit = 5
            var clients: [SyncClient] = []
            for index in 0..<3 {
                let enrolled = try await running.terminal(
                    "t\(index)", scopes: ["branch:a"], configuration: configuration)
                try await enrolled.shutdown()
                clients.append(
                    try SyncClient(
                        replica: enrolled.replica, configuration: configuration, clock: running.clock,
                        logger: TestLogging.silent, hub: "http://127.0.0.1:\(proxy.port)"))
            }
            let rounds = 6
            var failures = 0
            for round in 0..<rounds {
                for (index, client) in clients.enumerated() {
                    try client.replica.write { tx in
                        for record in 0..<2 {
                            try tx.put(
                                "devices", id: "t\(index)-r\(round)-\(record)", scope: "branch:a",
                                RecordUpdate(set: ["model": .string("round \(round)")]))
                        }
                    }
                    do { try await client.sync() } catch { failures += 1 }
                }
            }
            // Keep syncing until every outbox is empty and everyone has everything.
            var settled = false
            for _ in 0..<300 where !settled {
                for client in clients {
                    do { try await client.sync() } catch { failures += 1 }
                }
                let counts = try clients.map { client in
                    try client.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") ?? 0 }
                }
                let outboxes = try clients.map { try $0.replica.outboxCount() }
                settled = counts.allSatisfy { $0 == 3 * rounds * 2 } && outboxes.allSatisfy { $0 == 0 }
            }
            #expect(settled, "seed \(seed): terminals did not converge")
            #expect(proxy.faultsInjected > 0 && failures > 0, "seed \(seed): the proxy never got in the way")
            let dumps = try clients.map { try $0.replica.dumpDigest() }
            #expect(Set(dumps).count == 1, "seed \(seed): dumps differ")
            // A fresh terminal straight at the hub gets every change exactly once.
            let reader = try await running.terminal("reader", scopes: ["branch:a"])
            let report = try await reader.sync()
            #expect(report.pulledChanges == 3 * rounds * 2 * 2, "seed \(seed): \(report)")
            #expect(try reader.replica.dumpDigest() == dumps[0])
            for client in clients + [reader] { try await client.shutdown() }
        }
    }
}
