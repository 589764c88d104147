import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct HorizonTests {
    @Test(
        "tombstones are collected once every active terminal has them; a terminal back after weeks takes a snapshot and keeps its unsent changes",
        arguments: StoreKind.allCases)
    func snapshotAfterHorizon(store: StoreKind) async throws {
        let clock = ManualWallClock()
        var configuration = HubConfiguration()
        configuration.tombstoneRetentionMilliseconds = 86_400_000
        try await withHub(store, configuration: configuration, clock: clock) { running in
            let away = try await running.terminal("away", scopes: ["branch:a"])
            let here = try await running.terminal("here", scopes: ["branch:a"])
            for id in ["r1", "r2", "r3"] {
                try here.replica.put("devices", id: id, scope: "branch:a", RecordUpdate(set: ["model": .string(id)]))
            }
            try await here.sync()
            try await away.sync()
            try await away.sync()  // its second pull acknowledges what the first brought
            #expect(try away.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 3)

            // While both are active, the horizon waits for the slower one.
            try here.replica.delete("devices", id: "r3")
            try await here.sync()
            try await here.sync()
            let early = try await running.hub.collectGarbage()
            #expect(early.horizon == (try await running.hub.store.terminal(named: "away"))?.acknowledgedCursor)
            #expect(early.droppedTombstones == 0, "away has not seen the delete of r3 yet")

            // `away` goes quiet for two days and works offline meanwhile.
            try away.replica.put(
                "devices", id: "x", scope: "branch:a", RecordUpdate(set: ["model": .string("offline")]))
            clock.advance(by: 2 * 86_400_000)
            try here.replica.delete("devices", id: "r1")
            try await here.sync()
            try await here.sync()
            let report = try await running.hub.collectGarbage()
            #expect(report.horizon > early.horizon)
            #expect(report.droppedTombstones == 2, "r1 and r3: \(report)")
            #expect(report.foldedRows > 0)

            // Back: pushes its change, is told to take a snapshot, forgets r1 and r3.
            let back = try await away.sync()
            #expect(back.tookSnapshot, "\(back)")
            #expect(back.acceptedChanges == 2)
            // r1 and r3, and x: pushed after the horizon, so not in the snapshot; the pull
            // that follows brings it back (own changes included).
            #expect(back.forgottenRecords == 3, "\(back)")
            let ids = try away.replica.read { try String.fetchAll($0, sql: "SELECT id FROM devices ORDER BY id") }
            #expect(ids == ["r2", "x"])
            #expect(try away.replica.outboxCount() == 0)
            try await here.sync()
            let hereIDs = try here.replica.read { try String.fetchAll($0, sql: "SELECT id FROM devices ORDER BY id") }
            #expect(hereIDs == ids, "both converge")
            // And it carries on from the horizon with plain pulls.
            let after = try await away.sync()
            #expect(!after.tookSnapshot)
            #expect(try away.replica.setting("sync.cursor").flatMap(Int64.init) ?? 0 >= report.horizon)
            #expect(try away.replica.setting("sync.include_own") == nil, "caught up: own changes no longer asked for")

            // A terminal enrolled after the collection starts from a snapshot too.
            let newcomer = try await running.terminal("newcomer", scopes: ["branch:a"])
            let first = try await newcomer.sync()
            #expect(first.tookSnapshot)
            let newIDs = try newcomer.replica.read {
                try String.fetchAll($0, sql: "SELECT id FROM devices ORDER BY id")
            }
            #expect(newIDs == ids)
            for client in [away, here, newcomer] { try await client.shutdown() }
        }
    }

    @Test("a snapshot is read in pages by key, and every page names the same horizon", arguments: StoreKind.allCases)
    func pagedSnapshot(store: StoreKind) async throws {
        var configuration = HubConfiguration()
        configuration.snapshotPageRecords = 7
        try await withHub(store, configuration: configuration) { running in
            let writer = try await running.terminal("writer", scopes: ["branch:a", "branch:b"])
            try writer.replica.write { tx in
                for index in 0..<30 {
                    try tx.put(
                        "devices", id: "d\(index)", scope: index % 3 == 0 ? "branch:b" : "branch:a",
                        RecordUpdate(set: ["model": .string("m\(index)")]))
                }
            }
            try await writer.sync()
            try await writer.sync()
            _ = try await running.hub.collectGarbage()
            let reader = try await running.terminal("reader", scopes: ["branch:a"])
            let report = try await reader.sync()
            #expect(report.tookSnapshot)
            #expect(try reader.replica.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM devices") } == 20)
            #expect(
                try reader.replica.read {
                    try Int.fetchOne($0, sql: "SELECT count(*) FROM devices WHERE scope != 'branch:a'")
                } == 0)
            for client in [writer, reader] { try await client.shutdown() }
        }
    }
}
