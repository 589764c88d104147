import Foundation
import LoketHub
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The hub's `/metrics` for Prometheus: terminals and their sync lag read from the store
/// when scraped, changes and errors counted as they happen.
@Suite struct HubMetricsTests {
    /// The value of the sample `name` (with its labels, as printed), if present.
    static func sample(_ text: String, _ name: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test(
        "terminals, sync lag and offline count from the store; changes and errors by code",
        arguments: StoreKind.allCases)
    func hubMetrics(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let desk = try await running.terminal("desk-1", scopes: ["branch:centrum"])
            try desk.replica.put(
                "devices", id: "LPT-1", scope: "branch:centrum", RecordUpdate(set: ["model": .string("T14")]))
            try desk.replica.put(
                "devices", id: "LPT-2", scope: "branch:elders", RecordUpdate(set: ["model": .string("T14")]))
            _ = try await desk.sync()
            let missing = try await RawHTTP.send(running.url, "GET", "/v1/nothing-here")
            #expect(missing.status == 404)
            let unsigned = try await RawHTTP.send(running.url, "GET", "/v1/admin/terminals")
            #expect(unsigned.status == 401)

            var answer = try await RawHTTP.send(running.url, "GET", "/metrics")
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            var text = String(decoding: answer.body, as: UTF8.self)
            #expect(Self.sample(text, "loket_hub_terminals") == 1, "\(text)")
            #expect(Self.sample(text, "loket_hub_terminals_offline") == 0, "\(text)")
            #expect(Self.sample(text, "loket_hub_terminal_sync_lag_seconds{terminal=\"desk-1\"}") == 0, "\(text)")
            #expect(Self.sample(text, "loket_hub_changes_total{result=\"accepted\"}") == 2, "\(text)")
            #expect(Self.sample(text, "loket_hub_changes_total{result=\"refused\"}") == 2, "outside its scope: \(text)")
            #expect(Self.sample(text, "loket_hub_errors_total{code=\"not-found\"}") == 1, "\(text)")
            #expect(text.contains("loket_hub_errors_total{code=\"\(unsigned.error?.error ?? "?")\"} 1"), "\(text)")
            #expect(!text.contains("LPT-"), "no record content in the metrics")

            // Twenty minutes without a word from the desk: it is offline, and its lag shows it.
            clock.advance(by: 20 * 60_000)
            answer = try await RawHTTP.send(running.url, "GET", "/metrics")
            text = String(decoding: answer.body, as: UTF8.self)
            #expect(Self.sample(text, "loket_hub_terminals_offline") == 1, "\(text)")
            #expect(Self.sample(text, "loket_hub_terminal_sync_lag_seconds{terminal=\"desk-1\"}") == 1_200, "\(text)")
            #expect(Self.sample(text, "loket_hub_sync_lag_seconds_max") == 1_200, "\(text)")
        }
    }
}
