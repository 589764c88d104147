import Foundation
import GRDB
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
    /// The hub's first address (``resume()`` serves at another).
    let url: String
    let port: Int
    /// The HTTP server while it serves; `nil` while ``pause()`` keeps the hub away.
    let serving: Mutex<Serving?>
    let adminKey: SigningKeyFile
    let folder: TemporaryDirectory
    let postgres: PostgresServer?
    let clock: any WallClock
    /// The clients a test made through ``admin()`` and ``terminal(_:scopes:collections:clock:configuration:)``:
    /// shut down by ``stop()`` when the test did not (it threw), so a failure is reported,
    /// not a crash in a client's deinit.
    let clients = Mutex<[@Sendable () async throws -> Void]>([])

    struct Serving: Sendable {
        var group: ServiceGroup
        var task: Task<Void, any Error>
        var port: Int
    }

    init(
        hub: Hub, url: String, serving: Serving, adminKey: SigningKeyFile,
        folder: TemporaryDirectory, postgres: PostgresServer?, clock: any WallClock
    ) {
        self.hub = hub
        self.url = url
        self.port = serving.port
        self.serving = Mutex(serving)
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
        let serving = try await serve(hub)
        let scheme = config.tlsCertificatePath == nil ? "http" : "https"
        return RunningHub(
            hub: hub, url: "\(scheme)://127.0.0.1:\(serving.port)", serving: serving, adminKey: adminKey,
            folder: folder, postgres: postgres, clock: clock)
    }

    /// Serves `hub` over HTTP until its group shuts down; answers once it listens.
    static func serve(_ hub: Hub) async throws -> Serving {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = HubServer(hub: hub) { _, port in continuation.yield(port) }
        let group = ServiceGroup(services: [server], logger: TestLogging.silent)
        let task = Task {
            defer { continuation.finish() }  // a server that cannot start must not leave the caller waiting
            try await group.run()
        }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        guard port != 0 else {
            let failure = await task.result
            throw TestHarnessError("the hub did not start serving: \(failure)")
        }
        return Serving(group: group, task: task, port: port)
    }

    /// The hub goes away (its HTTP server stops; the store stays), as in a maintenance
    /// window: terminals' requests are refused until ``resume()``.
    func pause() async {
        guard let current = serving.withLock({ $0 }) else { return }
        await current.group.triggerGracefulShutdown()
        _ = try? await current.task.value
        serving.withLock { $0 = nil }
    }

    /// The hub comes back, over the same store, on a new free port (its old one may be
    /// taken by then; a ``FaultyProxy`` in front gives terminals one address); answers the port.
    func resume() async throws -> Int {
        if let current = serving.withLock({ $0 }) { return current.port }
        var configuration = hub.configuration
        configuration.port = 0
        let again = Hub(store: hub.store, configuration: configuration, clock: clock, logger: TestLogging.silent)
        let started = try await Self.serve(again)
        serving.withLock { $0 = started }
        return started.port
    }

    func stop() async {
        for shutdown in clients.withLock({ $0 }) { try? await shutdown() }
        await pause()
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

    /// The host requests to the hub are addressed to and signed for (`127.0.0.1:<port>`).
    var host: String { RequestSignature.host(ofURL: url) }

    /// The hub's admin key as a principal, for calling the hub in-process.
    var adminPrincipal: Principal {
        .key(KeyRecord(keyID: "admin", role: .admin, publicKey: adminKey.publicKeyBase64))
    }

    /// An enrolment code for `terminal`, ordered by the admin, in-process.
    func code(_ terminal: String, scopes: [String], validSeconds: Int? = nil) async throws -> String {
        try await hub.order(
            EnrolmentOrder(terminal: terminal, scopes: scopes, validSeconds: validSeconds), by: adminPrincipal
        ).code
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

extension RunningHub {
    /// Every log row in `scopes`, as the hub's store holds them (read in-process, nothing recorded).
    func logRows(in scopes: [String]) async throws -> PullPage {
        try await hub.store.pull(
            terminal: "", excludingOrigin: nil, scopes: scopes, after: 0, limit: 1_000_000,
            nowMilliseconds: Int64(clock.nowMilliseconds()), nonce: nil)
    }

    /// Runs `sql` on the hub's store behind the hub's back, as someone with its disk could.
    func execute(_ sql: String) throws {
        if let postgres {
            try postgres.execute(sql)
        } else {
            try DatabaseQueue(path: folder.path("hub.sqlite")).write { try $0.execute(sql: sql) }
        }
    }

    /// Sets `column` of the hub's log row `cursor` to `value` (NULL when `nil`) behind the hub's back.
    func alterLog(cursor: Int64, column: String, to value: [UInt8]?) throws {
        if let postgres {
            let literal = value.map { "'\\x" + $0.map { String(format: "%02x", $0) }.joined() + "'::bytea" } ?? "NULL"
            try postgres.execute("UPDATE hub_log SET \(column) = \(literal) WHERE cursor = \(cursor)")
        } else {
            try DatabaseQueue(path: folder.path("hub.sqlite")).write {
                try $0.execute(
                    sql: "UPDATE hub_log SET \(column) = ? WHERE cursor = ?",
                    arguments: [value.map { Data($0) }, cursor])
            }
        }
    }
}
