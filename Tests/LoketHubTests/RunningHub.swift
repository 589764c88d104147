import Foundation
import Logging
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import ServiceLifecycle
import Synchronization

/// The stores the hub suite runs on: every hub test runs on both.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres
    var description: String { rawValue }
}

/// A real hub serving HTTP on a free loopback port, with its store (a SQLite file, or a
/// throwaway PostgreSQL server), for one test.
final class RunningHub: Sendable {
    let hub: Hub
    let url: String
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let adminKey: SigningKeyFile
    let folder: TemporaryDirectory
    let postgres: PostgresServer?
    let clock: any WallClock
    /// The clients a test made through ``admin()`` and ``terminal(_:scopes:collections:clock:configuration:)``:
    /// shut down by ``stop()`` when the test did not (it threw), so a failure is reported,
    /// not a crash in a client's deinit.
    let clients = Mutex<[@Sendable () async throws -> Void]>([])

    init(
        hub: Hub, url: String, group: ServiceGroup, task: Task<Void, any Error>, adminKey: SigningKeyFile,
        folder: TemporaryDirectory, postgres: PostgresServer?, clock: any WallClock
    ) {
        self.hub = hub
        self.url = url
        self.group = group
        self.task = task
        self.adminKey = adminKey
        self.folder = folder
        self.postgres = postgres
        self.clock = clock
    }

    static func start(
        _ kind: StoreKind, configuration: HubConfiguration = HubConfiguration(),
        clock: any WallClock = SystemWallClock()
    ) async throws -> RunningHub {
        let folder = try TemporaryDirectory(prefix: "loket-hub")
        var postgres: PostgresServer?
        let store: any HubStore
        switch kind {
        case .sqlite:
            store = try SQLiteHubStore(path: folder.path("hub.sqlite"))
        case .postgres:
            let server = try PostgresServer()
            postgres = server
            store = try PostgresHubStore(url: server.url(), logger: TestLogging.silent)
        }
        try await store.prepare()
        let adminKey = SigningKeyFile(keyID: "admin", privateKey: .init())
        try await store.addKey(KeyRecord(keyID: "admin", role: .admin, publicKey: adminKey.publicKeyBase64))
        var config = configuration
        config.port = 0
        let hub = Hub(store: store, configuration: config, clock: clock, logger: TestLogging.silent)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = HubServer(hub: hub) { _, port in continuation.yield(port) }
        let group = ServiceGroup(services: [server], logger: TestLogging.silent)
        let task = Task { try await group.run() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let scheme = config.tlsCertificatePath == nil ? "http" : "https"
        return RunningHub(
            hub: hub, url: "\(scheme)://127.0.0.1:\(port)", group: group, task: task, adminKey: adminKey,
            folder: folder,
            postgres: postgres, clock: clock)
    }

    func stop() async {
        for shutdown in clients.withLock({ $0 }) { try? await shutdown() }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
        try? await hub.store.close()
        postgres?.stop()
        folder.remove()
    }

    /// Orders a code and enrols a new replica in `folder` with it; returns the sync client.
    func terminal(
        _ name: String, scopes: [String], collections: [String]? = nil, clock: (any WallClock)? = nil,
        configuration: SyncConfiguration = SyncConfiguration()
    ) async throws -> SyncClient {
        let terminalClock = clock ?? self.clock
        var replicaConfiguration = ReplicaConfiguration()
        replicaConfiguration.wallClock = terminalClock
        let client = try await SyncClient.enrolled(
            replica: try Replica(
                path: folder.path("\(name).sqlite"), configuration: replicaConfiguration, logger: TestLogging.silent),
            hub: url, adminKey: adminKey,
            order: EnrolmentOrder(terminal: name, scopes: scopes, collections: collections),
            configuration: configuration, clock: terminalClock, logger: TestLogging.silent)
        clients.withLock { $0.append { try await client.shutdown() } }
        return client
    }

    /// An admin client signing with the hub's admin key.
    func admin() throws -> AdminClient {
        let client = try AdminClient(hub: url, key: adminKey, configuration: SyncConfiguration(), clock: clock)
        clients.withLock { $0.append { try await client.shutdown() } }
        return client
    }
}

/// Runs `body` with a started hub, and stops it whatever happens.
func withHub<T>(
    _ kind: StoreKind, configuration: HubConfiguration = HubConfiguration(), clock: any WallClock = SystemWallClock(),
    _ body: (RunningHub) async throws -> T
) async throws -> T {
    let running = try await RunningHub.start(kind, configuration: configuration, clock: clock)
    do {
        let result = try await body(running)
        await running.stop()
        return result
    } catch {
        await running.stop()
        throw error
    }
}
