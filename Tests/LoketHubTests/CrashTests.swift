import Foundation
import GRDB
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// kill -9 in the middle of syncs: the hub during pushes, a terminal during pulls.
@Suite(.serialized) struct CrashTests {
    /// A hub process on a fixed port, restartable after a kill.
    final class HubUnderTest: @unchecked Sendable {
        let folder: TemporaryDirectory
        let data: String
        let port: Int
        var process: LoketProcess?
        var starts = 0
        let adminKey: SigningKeyFile

        init() throws {
            folder = try TemporaryDirectory(prefix: "loket-crash")
            data = folder.path("hub")
            let made = try LoketBinary.run(["hub", "init", "--data", data])
            guard made.status == 0 else { throw TestHarnessError("hub init failed: \(made.stderr)") }
            adminKey = try SigningKeyFile(contentsOf: data + "/admin.key")
            port = try LoopbackPort.free()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        func start() throws {
            starts += 1
            process = try LoketProcess.hub(data: data, port: port, folder: folder, name: "hub-\(starts)").process
        }

        func kill9() {
            process?.signal(SIGKILL)
            process?.wait()
            process = nil
        }

        func enrol(_ name: String, db: String, configuration: SyncConfiguration) async throws -> SyncClient {
            try await SyncClient.enrolled(
                replica: try Replica(path: db, logger: TestLogging.silent), hub: url, adminKey: adminKey,
                order: EnrolmentOrder(terminal: name, scopes: ["branch:a"]), configuration: configuration,
                clock: SystemWallClock(), logger: TestLogging.silent)
        }
    }

    @Test("the hub killed -9 during pushes, 20 times: nothing acknowledged is lost, nothing is stored twice")
    func hubKilledDuringPushes() async throws {
        let hub = try HubUnderTest()
        defer { hub.kill9() }
        try hub.start()
        var configuration = SyncConfiguration()
        configuration.batchEntries = 2
        configuration.requestTimeoutSeconds = 5
        let writer = try await hub.enrol("writer", db: hub.folder.path("writer.sqlite"), configuration: configuration)
        var generator = SeededGenerator(seed: 2026)
        let rounds = 20
        let perRound = 10
        var interrupted = 0
        for round in 0..<rounds {
            for record in 0..<perRound {
                try writer.replica.put(
                    "devices", id: "r\(round)-\(record)", scope: "branch:a",
                    RecordUpdate(set: ["model": .string("round \(round)")]))
            }
            let sync = Task { try await writer.sync() }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...40, using: &generator)))
            hub.kill9()
            if case .failure = await sync.result { interrupted += 1 }
            try hub.start()
        }
        // Back for good: push what is left.
        for _ in 0..<5 where try writer.replica.outboxCount() > 0 { _ = try? await writer.sync() }
        #expect(try writer.replica.outboxCount() == 0)
        #expect(interrupted > 0, "no sync was ever cut by the kill")
        let reader = try await hub.enrol("reader", db: hub.folder.path("reader.sqlite"), configuration: configuration)
        let report = try await reader.sync()
        // Every record once: its existence and its model, from the log exactly once.
        #expect(report.pulledChanges == rounds * perRound * 2, "\(report)")
        #expect(
            try reader.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == rounds * perRound)
        #expect(try reader.replica.dumpDigest() == writer.replica.dumpDigest())
        try await writer.shutdown()
        try await reader.shutdown()
    }

    @Test("a terminal killed -9 during pulls, 20 times: its replica stays whole and catches up exactly")
    func terminalKilledDuringPulls() async throws {
        let hub = try HubUnderTest()
        defer { hub.kill9() }
        try hub.start()
        // Small pushes: many log rows, so that the reader's pull takes many pages.
        var small = SyncConfiguration()
        small.batchEntries = 4
        let writer = try await hub.enrol("writer", db: hub.folder.path("writer.sqlite"), configuration: small)
        for chunk in 0..<300 {
            try writer.replica.write { tx in
                for record in chunk * 5..<chunk * 5 + 5 {
                    try tx.put(
                        "devices", id: "d\(record)", scope: "branch:a",
                        RecordUpdate(set: ["model": .string("m\(record)"), "state": .string("available")]))
                }
            }
        }
        for record in 0..<300 {
            try writer.replica.put(
                "devices", id: "d\(record)", RecordUpdate(set: ["state": .string("lent \(record)")]))
        }
        try await writer.sync()
        let readerPath = hub.folder.path("reader.sqlite")
        let reader = try await hub.enrol("reader", db: readerPath, configuration: SyncConfiguration())
        try await reader.shutdown()
        try reader.replica.close()

        var generator = SeededGenerator(seed: 77)
        var cutShort = 0
        /// The reader's cursor as its file holds it now (read beside the running sync).
        func cursor() throws -> String? {
            try DatabaseQueue(path: readerPath).read {
                try String.fetchOne($0, sql: "SELECT value FROM loket_settings WHERE key = 'sync.cursor'")
            }
        }
        for attempt in 0..<20 {
            let before = try cursor()
            let sync = try LoketProcess(
                ["terminal", "sync", "--db", readerPath, "--once", "--pull-limit", "40"], folder: hub.folder,
                name: "reader-\(attempt)")
            // Killed while its pull is under way: once a page has landed (or the sync ended),
            // after a random few more.
            while sync.isRunning, try cursor() == before { try await Task.sleep(for: .milliseconds(2)) }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...30, using: &generator)))
            sync.signal(SIGKILL)
            if sync.wait() != 0 { cutShort += 1 }
            let opened = try Replica(path: readerPath, logger: TestLogging.silent)
            let check = try opened.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
            #expect(check == "ok", "attempt \(attempt)")
            try opened.close()
        }
        #expect(cutShort > 0, "no pull was ever cut by the kill")
        let finish = try LoketBinary.run(["terminal", "sync", "--db", readerPath, "--once"])
        #expect(finish.status == 0, "\(finish.stderr)")
        let caughtUp = try Replica(path: readerPath, logger: TestLogging.silent)
        #expect(try caughtUp.dumpDigest() == writer.replica.dumpDigest())
        #expect(
            try caughtUp.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices WHERE state LIKE 'lent%'") }
                == 300)
        try caughtUp.close()
        try await writer.shutdown()
    }
}
