import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct TwoHubsTests {
    @Test("two hub processes on one PostgreSQL serve the same terminals, and they converge")
    func twoHubsOnePostgres() async throws {
        let postgres = try PostgresServer()
        defer { postgres.stop() }
        try postgres.createDatabase("fleet")
        let folder = try TemporaryDirectory(prefix: "loket-two-hubs")
        let store = postgres.url(database: "fleet")
        let made = try LoketBinary.run(["hub", "init", "--data", folder.path("hub"), "--store", store])
        #expect(made.status == 0, "\(made.stderr)")
        let adminKey = try SigningKeyFile(contentsOf: folder.path("hub/admin.key"))
        var hubs: [LoketProcess] = []
        var urls: [String] = []
        defer { for hub in hubs { hub.signal(SIGTERM) } }
        for index in 0..<2 {
            let (hub, url) = try LoketProcess.hub(
                data: folder.path("hub"), store: store, folder: folder, name: "hub-\(index)")
            hubs.append(hub)
            urls.append(url)
        }
        // Codes ordered at one hub are redeemed at the other: the state is in PostgreSQL.
        var clients: [SyncClient] = []
        for index in 0..<4 {
            clients.append(
                try await SyncClient.enrolled(
                    replica: try Replica(path: folder.path("t\(index).sqlite"), logger: TestLogging.silent),
                    hub: urls[(index + 1) % 2], orderAt: urls[index % 2], adminKey: adminKey,
                    order: EnrolmentOrder(terminal: "t\(index)", scopes: ["branch:a"]),
                    configuration: SyncConfiguration(), clock: SystemWallClock(), logger: TestLogging.silent))
        }
        // Every terminal writes and syncs concurrently, each round through either hub.
        var generator = SeededGenerator(seed: 5)
        for round in 0..<5 {
            for (index, client) in clients.enumerated() {
                try client.replica.put(
                    "devices", id: "t\(index)-\(round)", scope: "branch:a",
                    RecordUpdate(set: ["model": .string("m")]))
                try client.replica.put(
                    "sessions", id: "shared", scope: "branch:a", RecordUpdate(increment: ["minutes_used": 1]))
            }
            var choices: [String] = []
            for _ in clients { choices.append(urls[Int.random(in: 0...1, using: &generator)]) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (client, url) in zip(clients, choices) {
                    group.addTask {
                        let moved = try SyncClient(
                            replica: client.replica, configuration: SyncConfiguration(), clock: SystemWallClock(),
                            logger: TestLogging.silent, hub: url)
                        do { try await moved.sync() } catch {
                            try? await moved.shutdown()
                            throw error
                        }
                        try await moved.shutdown()
                    }
                }
                try await group.waitForAll()
            }
        }
        for _ in 0..<2 {
            for client in clients { try await client.sync() }
        }
        let digests = try clients.map { try $0.replica.dumpDigest() }
        #expect(Set(digests).count == 1, "the terminals differ after syncing through two hubs")
        let minutes = try clients[0].replica.read { try Int.fetchOne($0, sql: "SELECT minutes_used FROM sessions") }
        #expect(minutes == 20)
        #expect(try clients[0].replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 20)
        for client in clients { try await client.shutdown() }
        for hub in hubs {
            hub.signal(SIGTERM)
            #expect(hub.wait() == 0, "a hub did not stop cleanly on SIGTERM: \(hub.output)")
        }
        hubs = []
    }
}
