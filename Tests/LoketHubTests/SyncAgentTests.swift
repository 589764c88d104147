import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import ServiceLifecycle
import Synchronization
import Testing

@Suite struct SyncAgentTests {
    @Test("backoff: exponential bounds with a cap, and every wait within its bound")
    func backoffBounds() {
        let backoff = Backoff(baseSeconds: 1, capSeconds: 300)
        #expect(backoff.bound(afterFailures: 0) == 0)
        #expect((1...10).map { backoff.bound(afterFailures: $0) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300])
        #expect(backoff.bound(afterFailures: 10_000) == 300)
        var generator = SeededGenerator(seed: 3)
        var waits: [Double] = []
        for failures in 1...12 {
            let wait = backoff.delay(afterFailures: failures, using: &generator)
            #expect(wait >= 0 && wait <= backoff.bound(afterFailures: failures))
            waits.append(wait)
        }
        #expect(Set(waits).count == waits.count, "jitter: the waits differ")
    }

    @Test("the agent backs off while the hub is away, syncs when it returns, and stops on shutdown")
    func agentThroughAnOutage() async throws {
        try await withHub(.sqlite) { running in
            let enrolled = try await running.terminal("agent", scopes: ["branch:a"])
            try await enrolled.shutdown()
            let closed = try LoopbackPort.free()
            var configuration = SyncConfiguration()
            configuration.intervalSeconds = 30
            configuration.requestTimeoutSeconds = 2
            // First at a port where nothing listens (the hub "away"), then at the hub.
            let away = try SyncClient(
                replica: enrolled.replica, configuration: configuration, clock: running.clock,
                logger: TestLogging.silent, hub: "http://127.0.0.1:\(closed)")
            let waits = Mutex<[Double]>([])
            let meter = LoketMetrics()
            let agent = SyncAgent(
                client: away, configuration: configuration, logger: TestLogging.silent,
                sleep: { seconds in
                    let count = waits.withLock {
                        $0.append(seconds)
                        return $0.count
                    }
                    if count >= 4 { try await Task.sleep(for: .seconds(3600)) }  // parked until shutdown
                }, metrics: meter)
            let group = ServiceGroup(services: [agent], logger: TestLogging.silent)
            let task = Task { try await group.run() }
            while waits.withLock({ $0.count }) < 4 { try await Task.sleep(for: .milliseconds(20)) }
            await group.triggerGracefulShutdown()
            try await task.value  // ends: the parked wait is cancelled by the shutdown
            let seen = waits.withLock { $0 }
            #expect(seen.count == 4)
            for (index, wait) in seen.enumerated() {
                #expect(wait <= Backoff(baseSeconds: 1, capSeconds: 300).bound(afterFailures: index + 1) + 0.05)
            }
            let status = try SyncStatus.read(
                from: enrolled.replica, configuration: configuration, now: Int64(running.clock.nowMilliseconds()))
            #expect(status.consecutiveFailures == 4 && status.state == .offline, "\(status.text)")

            // The hub answers: one round, then the normal interval. A generous request timeout:
            // on a loaded machine (CI runs every suite at once) two seconds was once too short
            // for the first round, and the test is about the interval, not about speed.
            try enrolled.replica.put("devices", id: "d", scope: "branch:a", RecordUpdate(set: ["model": .string("m")]))
            var patient = configuration
            patient.requestTimeoutSeconds = 60
            let back = try SyncClient(
                replica: enrolled.replica, configuration: patient, clock: running.clock,
                logger: TestLogging.silent)
            let intervals = Mutex<[Double]>([])
            let agentBack = SyncAgent(
                client: back, configuration: patient, logger: TestLogging.silent,
                sleep: { seconds in
                    intervals.withLock { $0.append(seconds) }
                    try await Task.sleep(for: .seconds(3600))
                }, metrics: meter,
                health: { HealthReport(reportedAtMilliseconds: 0, agentVersion: "test", sessionState: "idle") })
            let groupBack = ServiceGroup(services: [agentBack], logger: TestLogging.silent)
            let taskBack = Task { try await groupBack.run() }
            while intervals.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
            await groupBack.triggerGracefulShutdown()
            try await taskBack.value
            #expect(intervals.withLock { $0 } == [30])
            #expect(try enrolled.replica.outboxCount() == 0)
            let online = try SyncStatus.read(
                from: enrolled.replica, configuration: configuration, now: Int64(running.clock.nowMilliseconds()))
            #expect(online.state == .online && online.consecutiveFailures == 0)
            // After the round the health report reached the hub, with the sync's figures.
            let health = try #require(try await running.hub.healthReports()["agent"])
            #expect(health.report.sessionState == "idle" && health.report.outboxEntries == 0)
            #expect(health.report.lastSyncMilliseconds != nil)
            // And the metrics counted four failed rounds, one good one.
            let text = await meter.scrape()
            #expect(text.contains("loket_sync_rounds_total{result=\"failed\"} 4"), "\(text)")
            #expect(text.contains("loket_sync_rounds_total{result=\"ok\"} 1"), "\(text)")
            #expect(text.contains("loket_errors_total{kind=\"sync-unreachable\"} 4"), "\(text)")
            #expect(text.contains("loket_outbox_entries 0"), "\(text)")
            let lag = text.split(separator: "\n").first { $0.hasPrefix("loket_sync_lag_seconds ") }
                .flatMap { Double($0.split(separator: " ")[1]) }
            #expect(lag.map { (0...60).contains($0) } == true, "seconds since the round: \(text)")
        }
    }
}

@Suite struct PushBatchTests {
    @Test("pushes are cut by bytes as well as entries: one entry per request when each is over the limit")
    func batchesByBytes() async throws {
        try await withHub(.sqlite) { running in
            var configuration = SyncConfiguration()
            configuration.batchBytes = 1
            let pushes = Mutex(0)
            configuration.requestObserver = { path, _ in if path == "POST /v1/push" { pushes.withLock { $0 += 1 } } }
            let client = try await running.terminal("bytes", scopes: ["branch:a"], configuration: configuration)
            for index in 0..<5 {
                try client.replica.put(
                    "devices", id: "d\(index)", scope: "branch:a", RecordUpdate(set: ["model": .string("m")]))
            }
            let report = try await client.sync()
            #expect(report.pushedEntries == 5 && report.acceptedChanges == 10)
            #expect(pushes.withLock { $0 } == 5)
            try await client.shutdown()
        }
    }
}
