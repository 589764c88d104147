import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// Terminals sync through a real hub on loopback, on SQLite and on PostgreSQL.
@Suite struct SyncThroughHubTests {
    @Test("terminals of one branch converge through the hub", arguments: StoreKind.allCases)
    func terminalsConverge(store: StoreKind) async throws {
        try await withHub(store) { running in
            let names = ["centrale-01", "centrale-02", "centrale-03"]
            var clients: [SyncClient] = []
            for name in names {
                clients.append(
                    try await running.terminal(name, scopes: ["branch:centrale", "terminal:\(name)"]))
            }
            // Every terminal writes: shared records, concurrent register writes, counters.
            for (index, client) in clients.enumerated() {
                try client.replica.put(
                    "devices", id: "LPT-\(index)", scope: "branch:centrale",
                    RecordUpdate(set: ["model": .string("T14"), "state": .string("available")]))
                try client.replica.put(
                    "devices", id: "LPT-shared", scope: "branch:centrale",
                    RecordUpdate(set: ["state": .string("lent-by-\(index)")]))
                try client.replica.put(
                    "sessions", id: "s-today", scope: "branch:centrale", RecordUpdate(increment: ["minutes_used": 10]))
                try client.replica.put(
                    "terminals", id: names[index], scope: "terminal:\(names[index])",
                    RecordUpdate(set: ["name": .string(names[index])]))
            }
            for _ in 0..<2 {
                for client in clients { try await client.sync() }
            }
            let shared = try clients.map { client in
                try client.replica.read { db in
                    try String.fetchAll(db, sql: "SELECT id || ':' || ifnull(state, '') FROM devices ORDER BY id")
                }
            }
            #expect(shared[0].count == 4, "three own devices and the shared one")
            #expect(shared[0] == shared[1] && shared[1] == shared[2], "devices differ: \(shared)")
            let minutes = try clients.map { client in
                try client.replica.read { try Int.fetchOne($0, sql: "SELECT minutes_used FROM sessions") }
            }
            #expect(minutes == [30, 30, 30], "the counter adds every terminal's minutes")
            // terminal:<name> records stay on their own terminal.
            for (index, client) in clients.enumerated() {
                let terminals = try client.replica.read { try String.fetchAll($0, sql: "SELECT id FROM terminals") }
                #expect(terminals == [names[index]])
            }
            for client in clients {
                #expect(try client.replica.outboxCount() == 0)
                #expect(try client.status().state == .online)
                try await client.shutdown()
            }
        }
    }

    @Test(
        "changes outside the scopes or collections are refused one by one and quarantined",
        arguments: StoreKind.allCases)
    func scopesAreEnforced(store: StoreKind) async throws {
        try await withHub(store) { running in
            let desk = try await running.terminal(
                "desk-a", scopes: ["branch:a", "terminal:desk-a"], collections: ["devices", "loans"])
            let other = try await running.terminal("desk-b", scopes: ["branch:b"])
            try desk.replica.write { tx in
                try tx.put("devices", id: "ok", scope: "branch:a", RecordUpdate(set: ["model": .string("fine")]))
                try tx.put("devices", id: "foreign", scope: "branch:b", RecordUpdate(set: ["model": .string("no")]))
                try tx.put("sessions", id: "s", scope: "branch:a", RecordUpdate(set: ["kind": .string("guest")]))
                try tx.put("loans", id: "l", scope: "terminal:desk-a", RecordUpdate(set: ["notes": .string("mine")]))
            }
            let report = try await desk.sync()
            #expect(report.refusedChanges == 4, "two records of two changes each (existence and a field)")
            #expect(try desk.replica.outboxCount() == 0, "refused changes leave the outbox for the quarantine")
            let quarantine = try desk.replica.quarantine()
            #expect(Set(quarantine.map(\.reasonCode)) == ["outside-scope", "collection-not-writable"])
            #expect(Set(quarantine.map { $0.change.recordID }) == ["foreign", "s"])
            #expect(quarantine.allSatisfy { $0.reason.hasPrefix("refused by the hub: ") })
            let status = try desk.status()
            #expect(status.quarantined == 4)
            #expect(status.quarantineReasons == ["outside-scope": 2, "collection-not-writable": 2])

            // branch:b sees nothing of branch:a, and not the refused write into branch:b.
            try await other.sync()
            #expect(try other.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 0)
            // A second terminal of branch:a gets the accepted device, not the terminal-scoped loan.
            let peer = try await running.terminal("desk-a2", scopes: ["branch:a"])
            try await peer.sync()
            #expect(try peer.replica.read { try String.fetchAll($0, sql: "SELECT id FROM devices") } == ["ok"])
            #expect(try peer.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM loans") } == 0)
            for client in [desk, other, peer] { try await client.shutdown() }
        }
    }

    @Test("a push repeated after a lost answer is stored once and answered the same", arguments: StoreKind.allCases)
    func pushIsIdempotent(store: StoreKind) async throws {
        try await withHub(store) { running in
            let desk = try await running.terminal("desk", scopes: ["branch:a"], collections: ["devices"])
            try desk.replica.put("devices", id: "d1", scope: "branch:a", RecordUpdate(set: ["model": .string("x")]))
            try desk.replica.put("loans", id: "l1", scope: "branch:a", RecordUpdate(set: ["notes": .string("no")]))
            let entries = try desk.replica.outbox()
            let batch = entries.map { ($0.sequence, $0.payload) }
            let first = try await TerminalKey.push(batch, by: desk, to: running.hub)
            let again = try await TerminalKey.push(batch, by: desk, to: running.hub)
            #expect(first.accepted == 2 && again.accepted == 0)
            #expect(first.refused == again.refused && first.refused.count == 2)
            #expect(first.acknowledgedThrough == entries.last!.sequence)
            #expect(again.acknowledgedThrough == first.acknowledgedThrough)
            // The client then pushes the same entries (its ack was "lost"): nothing doubles.
            try await desk.sync()
            let reader = try await running.terminal("reader", scopes: ["branch:a"])
            let report = try await reader.sync()
            #expect(report.pulledChanges == 2, "d1's existence and model, once: \(report)")
            #expect(try desk.replica.quarantine().count == 2, "the refusals are quarantined once")
            for client in [desk, reader] { try await client.shutdown() }
        }
    }

    @Test(
        "a terminal clock an hour ahead: it learns the hub's time, its writes are stamped again and reach the fleet",
        arguments: StoreKind.allCases)
    func clockAhead(store: StoreKind) async throws {
        let hubClock = ManualWallClock()
        try await withHub(store, clock: hubClock) { running in
            let terminalClock = ManualWallClock(milliseconds: hubClock.nowMilliseconds())
            let terminal = try await running.terminal("drifter", scopes: ["branch:a"], clock: terminalClock)
            let reader = try await running.terminal("reader", scopes: ["branch:a"])
            // Within the bound (4 minutes ahead): accepted as it is.
            terminalClock.advance(by: 4 * 60_000)
            try terminal.replica.put(
                "devices", id: "near", scope: "branch:a", RecordUpdate(set: ["model": .string("a")]))
            try await terminal.sync()
            #expect(try terminal.replica.quarantine().isEmpty)
            // An hour ahead: the hub refused such requests as stale and such changes as drift;
            // now the terminal learns the hub's time from the refusal, signs with it, and stamps
            // the changes it made an hour ahead again, within the bound.
            terminalClock.advance(by: 56 * 60_000)
            try terminal.replica.put(
                "devices", id: "far", scope: "branch:a", RecordUpdate(set: ["model": .string("b")]))
            let report = try await terminal.sync()
            #expect(report.restampedChanges == 2, "\(report)")
            #expect(abs(report.clockOffsetMilliseconds - 60 * 60_000) < 5_000, "\(report)")
            #expect(try terminal.replica.quarantine().isEmpty)
            #expect(try terminal.replica.outboxCount() == 0)
            // A write now is stamped with the hub's time, not the wall clock's.
            try terminal.replica.put(
                "devices", id: "later", scope: "branch:a", RecordUpdate(set: ["model": .string("c")]))
            let stamped = try #require(try terminal.replica.outbox(limit: 1).first).time.milliseconds
            #expect(stamped <= hubClock.nowMilliseconds() + 300_000)
            try await terminal.sync()
            try await reader.sync()
            for id in ["near", "far", "later"] { #expect(try reader.replica.record("devices", id: id) != nil, "\(id)") }
            // The hub hears of it: the health report carries the offset, and the rule raises an alert.
            try await terminal.reportHealth(
                HealthReport(reportedAtMilliseconds: 0, agentVersion: "test", sessionState: "idle"))
            let health = try #require(try await running.hub.healthReports()["drifter"])
            #expect(abs((health.report.clockOffsetMilliseconds ?? 0) - 60 * 60_000) < 5_000)
            let conditions = AlertRules().conditions(
                lastSeenMilliseconds: Int64(hubClock.nowMilliseconds()), health: health.report,
                now: Int64(hubClock.nowMilliseconds()))
            #expect(conditions.map(\.kind).contains("clock-wrong"))
            try await terminal.shutdown()
        }
    }

    @Test(
        "a clock that jumped ahead and was set right again: its writes come back within the bound, the newest wins",
        arguments: StoreKind.allCases)
    func clockJumpedAndFixed(store: StoreKind) async throws {
        let hubClock = ManualWallClock()
        try await withHub(store, clock: hubClock) { running in
            let terminalClock = ManualWallClock(milliseconds: hubClock.nowMilliseconds())
            let terminal = try await running.terminal("jumper", scopes: ["branch:a"], clock: terminalClock)
            let reader = try await running.terminal("reader", scopes: ["branch:a"])
            try terminal.replica.put("devices", id: "d1", scope: "branch:a", RecordUpdate(set: ["model": "first"]))
            try await terminal.sync()
            // The hardware clock jumps a day ahead, a write is made, then the clock is put right.
            terminalClock.advance(by: 86_400_000)
            try terminal.replica.put("devices", id: "d1", RecordUpdate(set: ["model": "during the jump"]))
            #expect(
                try terminal.replica.versionVector()[terminal.replica.id].milliseconds > hubClock.nowMilliseconds()
                    + 3_600_000)
            terminalClock.set(hubClock.nowMilliseconds() + 1_000)
            // The next write finds the clock beyond the bound of the last time the hub confirmed:
            // the write made during the jump is stamped again first, so this one still comes after it.
            try terminal.replica.put("devices", id: "d1", RecordUpdate(set: ["model": "after the fix"]))
            let own = try terminal.replica.versionVector()[terminal.replica.id]
            #expect(own.milliseconds <= hubClock.nowMilliseconds() + 300_000, "pinned at \(own)")
            #expect(try terminal.replica.record("devices", id: "d1")?.member("model") == "after the fix")
            try await terminal.sync()
            #expect(try terminal.replica.quarantine().isEmpty)
            try await reader.sync()
            #expect(try reader.replica.record("devices", id: "d1")?.member("model") == "after the fix")
            try await terminal.shutdown()
        }
    }
}

@Suite struct PullPagingTests {
    @Test(
        "a terminal far behind pulls in pages of about `limit` changes, whole log rows, and gets everything once",
        arguments: StoreKind.allCases)
    func pagedPull(store: StoreKind) async throws {
        try await withHub(store) { running in
            let writer = try await running.terminal("writer", scopes: ["branch:a"])
            for index in 0..<30 {  // 30 pushes' worth of rows: one per write, two changes each
                try writer.replica.put(
                    "devices", id: "d\(index)", scope: "branch:a", RecordUpdate(set: ["model": .string("m")]))
                if index % 3 == 2 { try await writer.sync() }
            }
            var configuration = SyncConfiguration()
            configuration.pullLimit = 5
            let reader = try await running.terminal("reader", scopes: ["branch:a"], configuration: configuration)
            let report = try await reader.sync()
            #expect(report.pulledChanges == 60, "\(report)")
            // Ten rows of six changes each: one row per page (a row is never split).
            #expect(report.pullRequests == 10, "\(report)")
            #expect(try reader.replica.dumpDigest() == writer.replica.dumpDigest())
            for client in [writer, reader] { try await client.shutdown() }
        }
    }
}

extension FieldValue {
    /// A member of an object value, or `nil`.
    func member(_ key: String) -> FieldValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }
}
