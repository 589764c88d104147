import Foundation
import LoketHub
import LoketKiosk
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// A wipe that fails blocks the terminal and tells the fleet: the session's record carries
/// the reason (`wipe_error`) to the hub with the next sync, where the fleet's alerts read it.
@Suite struct WipeAlertTests {
    @Test("a failed wipe: out of order, no next session, and the reason reaches the hub", arguments: [StoreKind.sqlite])
    func failedWipeReachesHub(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let client = try await running.terminal("t9", scopes: ["fleet", "terminal:t9"])
            struct BrowserStuck: Error {}
            let controller = SessionController(
                replica: client.replica, terminal: "t9", rules: SessionRules(),
                wiper: SessionWiper(
                    configuration: WipeConfiguration(sessionDirectory: running.folder.path("session-t9")),
                    logger: TestLogging.silent),
                allowances: CardAllowanceBook(
                    replica: client.replica, terminal: "t9", authority: nil, logger: TestLogging.silent),
                clock: clock, logger: TestLogging.silent, closeBrowser: { throw BrowserStuck() })
            _ = await controller.startGuest()
            clock.advance(by: 60_000)
            _ = await controller.handle(.end)
            #expect(await controller.phase.name == "out-of-order")
            #expect(await controller.startGuest() == [.refused("out-of-order")])

            _ = try await client.sync()
            let page = try await running.hub.store.pull(
                terminal: "t9", excludingOrigin: nil, scopes: ["terminal:t9"], after: 0, limit: 1_000,
                nowMilliseconds: Int64(clock.nowMilliseconds()), nonce: nil)
            let pulled = try Hub.changes(of: page)
            let errors = pulled.filter { $0.collection == "sessions" && $0.operation.field == "wipe_error" }
            #expect(errors.count == 1, "\(pulled.map(\.operation.field))")
            let reason = errors.first.map { String(describing: $0.operation) } ?? ""
            #expect(reason.contains("the browser did not close"), "\(reason)")
            try await client.shutdown()
        }
    }
}
