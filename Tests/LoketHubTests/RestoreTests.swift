import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Synchronization
import Testing

/// Backup and restore as docs/OPERATIONS.md says to do them — `sqlite3 .backup` or
/// `pg_dump` while the hub runs, the file or dump put back, `loket hub restored` — and
/// the fleet converges: what terminals pushed after the backup comes back to the hub from
/// them, and every replica ends with the same records.
@Suite struct RestoreTests {
    @Test(
        "restore a backup: terminals send again what the hub lost, and the fleet converges",
        arguments: StoreKind.allCases)
    func restoreConverges(store: StoreKind) async throws {
        let made = Made()
        do { try await run(store, made) } catch {
            for client in made.clients.withLock({ $0 }) { try? await client.shutdown() }
            throw error
        }
    }

    /// The clients a run made, shut down when it throws (a client must not just vanish).
    final class Made: Sendable {
        let clients = Mutex<[SyncClient]>([])
        func add(_ client: SyncClient) -> SyncClient {
            clients.withLock { $0.append(client) }
            return client
        }
    }

    func run(_ store: StoreKind, _ made: Made) async throws {
        let folder = try TemporaryDirectory(prefix: "loket-restore")
        defer { folder.remove() }
        let postgres = store == .postgres ? try PostgresServer() : nil
        defer { postgres?.stop() }
        let database = "hub"
        try postgres?.createDatabase(database)
        func open() throws -> any HubStore {
            if let postgres {
                return try PostgresHubStore(url: postgres.url(database: database), logger: TestLogging.silent)
            }
            return try SQLiteHubStore(path: folder.path("hub.sqlite"))
        }
        var configuration = HubConfiguration()
        configuration.port = 0
        let adminKey = SigningKeyFile(keyID: "admin", privateKey: .init())

        var hubStore = try open()
        try await hubStore.prepare()
        try await hubStore.addKey(KeyRecord(keyID: "admin", role: .admin, publicKey: adminKey.publicKeyBase64))
        var hub = Hub(
            store: hubStore, configuration: configuration, clock: SystemWallClock(), logger: TestLogging.silent)
        var serving = try await RunningHub.serve(hub)
        var url = "http://127.0.0.1:\(serving.port)"

        var clients: [String: SyncClient] = [:]
        for name in ["a", "b"] {
            clients[name] = made.add(
                try await SyncClient.enrolled(
                    replica: try Replica(path: folder.path("\(name).sqlite"), logger: TestLogging.silent), hub: url,
                    adminKey: adminKey,
                    order: EnrolmentOrder(terminal: name, scopes: ["branch:x", "terminal:\(name)"]),
                    configuration: SyncConfiguration(), clock: SystemWallClock(), logger: TestLogging.silent))
        }
        var (a, b) = (clients["a"]!, clients["b"]!)
        func put(_ client: SyncClient, _ id: String, _ model: String) throws {
            try client.replica.put("devices", id: id, scope: "branch:x", RecordUpdate(set: ["model": .string(model)]))
        }
        func devices(_ replica: Replica) throws -> FieldValue? {
            guard case .object(let all) = try replica.dump() else { return nil }
            return all["devices"]
        }

        try put(a, "d1", "before the backup, from a")
        try put(b, "d2", "before the backup, from b")
        for client in [a, b, a] { _ = try await client.sync() }

        // The backup, taken while the hub runs.
        let backup = folder.path("backup")
        if let postgres {
            try postgres.dump(database, to: backup)
        } else {
            let status = try Spawn.run(
                "/usr/bin/sqlite3", [folder.path("hub.sqlite"), ".backup \(backup)"],
                logPath: folder.path("sqlite3.log"))
            #expect(status == 0)
        }

        // After it, both terminals go on; the hub takes it all.
        try put(a, "d3", "after the backup, from a")
        try a.replica.delete("devices", id: "d1")
        try put(b, "d2", "changed after the backup, by b")
        try put(b, "d4", "after the backup, from b")
        for client in [a, b, a, b] { _ = try await client.sync() }
        let before = try devices(a.replica)
        #expect(before == (try devices(b.replica)))

        // The hub is lost and restored from the backup.
        await serving.group.triggerGracefulShutdown()
        _ = try? await serving.task.value
        try await hubStore.close()
        if let postgres {
            try postgres.restore(database, from: backup)
        } else {
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: folder.path("hub.sqlite" + suffix))
            }
            try FileManager.default.copyItem(atPath: backup, toPath: folder.path("hub.sqlite"))
        }
        hubStore = try open()
        try await hubStore.prepare()
        hub = Hub(store: hubStore, configuration: configuration, clock: SystemWallClock(), logger: TestLogging.silent)
        let epochBefore = try await hub.logEpoch()
        try await hub.markRestored(actor: "os-user:test")
        #expect(try await hub.logEpoch() != epochBefore)
        serving = try await RunningHub.serve(hub)
        url = "http://127.0.0.1:\(serving.port)"
        try await a.shutdown()
        try await b.shutdown()
        made.clients.withLock { $0.removeAll() }
        a = made.add(
            try SyncClient(
                replica: a.replica, configuration: SyncConfiguration(), clock: SystemWallClock(),
                logger: TestLogging.silent, hub: url))
        b = made.add(
            try SyncClient(
                replica: b.replica, configuration: SyncConfiguration(), clock: SystemWallClock(),
                logger: TestLogging.silent, hub: url))

        // One more change after the restore; then the fleet syncs.
        try put(b, "d5", "after the restore, from b")
        let first = try await a.sync()
        #expect(first.resentChanges > 0, "\(first)")
        let second = try await b.sync()
        #expect(second.resentChanges > 0, "\(second)")
        for client in [a, b, a] { _ = try await client.sync() }
        let after = try devices(a.replica)
        #expect(after == (try devices(b.replica)), "the two terminals agree")
        guard case .array(let records)? = after else {
            throw TestHarnessError("no devices: \(String(describing: after))")
        }
        var models: [String: String] = [:]
        for record in records {
            if case .object(let fields) = record, case .string(let id)? = fields["id"],
                case .string(let model)? = fields["model"]
            {
                models[id] = model
            }
        }
        #expect(
            models == [
                "d2": "changed after the backup, by b", "d3": "after the backup, from a",
                "d4": "after the backup, from b",
                "d5": "after the restore, from b",
            ], "nothing made after the backup is lost, the deletion holds")

        // And the hub holds it all again: a terminal enrolled now receives the same.
        let fresh = made.add(
            try await SyncClient.enrolled(
                replica: try Replica(path: folder.path("c.sqlite"), logger: TestLogging.silent), hub: url,
                adminKey: adminKey, order: EnrolmentOrder(terminal: "c", scopes: ["branch:x", "terminal:c"]),
                configuration: SyncConfiguration(), clock: SystemWallClock(), logger: TestLogging.silent))
        _ = try await fresh.sync()
        #expect(try devices(fresh.replica) == after)
        // The hub's audit chain starts a new generation with the restore in it.
        let log = try await hub.auditLog()
        #expect(log.entries.contains { $0.action == "hub.restored" && $0.chain.hasPrefix("loket:hub~") })
        #expect(AuditVerifier.verify(log.entries.map { ($0.recordID, .success($0)) }, heads: log.heads).isIntact)

        for client in [a, b, fresh] { try await client.shutdown() }
        await serving.group.triggerGracefulShutdown()
        _ = try? await serving.task.value
        try await hubStore.close()
    }
}
