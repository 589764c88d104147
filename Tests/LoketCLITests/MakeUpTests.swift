import Foundation
import LoketSyncClient
import LoketTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `make up` runs scripts/up: a hub and an enrolled terminal agent; SIGTERM stops both.
@Suite struct MakeUpTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A page of the kiosk screen (a POST follows the redirect to the page).
    static func page(_ url: String, post: Bool = false) async throws -> String {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = post ? "POST" : "GET"
        let (data, _) = try await URLSession.shared.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "scripts/up starts the hub and a syncing terminal that installs the example profile, twice over the same data, and stops both on SIGTERM"
    )
    func upAndDown() async throws {
        // The agent reads the host's card readers: no other test's pcscd, with a virtual card
        // on its reader, may run meanwhile (a tap there would start a session here).
        try await ExclusiveUse.pcscd.run { try await upAndDownAlone() }
    }

    func upAndDownAlone() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-up")
        for run in 0..<2 {
            let port = try LoopbackPort.free()
            let screenPort = try LoopbackPort.free()
            let metricsPort = try LoopbackPort.free()
            let log = folder.path("up-\(run).log")
            var environment = ProcessInfo.processInfo.environment
            environment["LOKET_HOME"] = folder.path("home")
            environment["LOKET_PORT"] = String(port)
            environment["LOKET_SCREEN_PORT"] = String(screenPort)
            environment["LOKET_METRICS_PORT"] = String(metricsPort)
            let pid = try Spawn.start(
                Self.repository.appendingPathComponent("scripts/up").path, [LoketBinary.url.path], logPath: log,
                environment: environment)
            var text = ""
            for _ in 0..<600 where !text.contains("Loket is up") {
                try await Task.sleep(for: .milliseconds(50))
                text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            }
            #expect(text.contains("Loket is up"), "run \(run): \(text)")
            #expect(text.contains("http://127.0.0.1:\(port)"))
            // A write on the terminal reaches the hub: the outbox empties, the status is online.
            let db = folder.path("home/terminal.sqlite")
            let put = try LoketBinary.run([
                "db", "put", db, "devices", "LPT-\(run)", "--scope", "branch:demo", "model=T14",
            ])
            #expect(put.status == 0, "\(put.stderr)")
            var status = ""
            for _ in 0..<200 where !(status.contains("state: online") && status.contains("outbox: 0 entries")) {
                try await Task.sleep(for: .milliseconds(100))
                status = try LoketBinary.run(["sync", "status", "--db", db]).stdout
            }
            #expect(status.contains("state: online") && status.contains("outbox: 0 entries"), "\(status)")
            // The example profile, rolled out to the canary ring, is installed below the
            // home's root and reported healthy.
            let policy = folder.path("home/root/etc/chromium/policies/managed/loket-kiosk.json")
            for _ in 0..<200 where !FileManager.default.fileExists(atPath: policy) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(FileManager.default.fileExists(atPath: policy), "\(text)")
            let admin = ["--hub", "http://127.0.0.1:\(port)", "--key", folder.path("home/hub/admin.key")]
            var rollout = ""
            for _ in 0..<200 where !rollout.contains("\"healthy\" : 1") {
                try await Task.sleep(for: .milliseconds(100))
                rollout = try LoketBinary.run(["profile", "status", "--json"] + admin).stdout
            }
            #expect(rollout.contains("\"healthy\" : 1"), "\(rollout)")
            // The kiosk screen: start as guest, the profile's services, stop, erased.
            let screen = "http://127.0.0.1:\(screenPort)"
            var start = ""
            for _ in 0..<100 where !start.contains("Beginnen als gast") {
                start = (try? await Self.page(screen + "/")) ?? ""
                if !start.contains("Beginnen als gast") { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(start.contains("Beginnen als gast"), "\(start)")
            let session = try await Self.page(screen + "/guest", post: true)
            #expect(session.contains("Stoppen") && session.contains("DigiD"), "\(session)")
            let erased = try await Self.page(screen + "/end", post: true)
            #expect(erased.contains("Alles is gewist"), "\(erased)")
            // Prometheus metrics, the agent's and the hub's: the guest session and its wipe
            // counted (one more in the second run: the replica keeps its records), the
            // outbox, the sync state; the hub's enrolled terminal.
            var metrics = ""
            for _ in 0..<100 where !metrics.contains("loket_wipes_recorded{result=\"ok\"} \(run + 1)") {
                metrics = (try? await Self.page("http://127.0.0.1:\(metricsPort)/metrics")) ?? ""
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(metrics.contains("loket_sessions_recorded{kind=\"guest\"} \(run + 1)"), "\(metrics)")
            #expect(metrics.contains("loket_wipes_recorded{result=\"ok\"} \(run + 1)"), "\(metrics)")
            #expect(metrics.contains("loket_wipes_recorded{result=\"failed\"} 0"), "\(metrics)")
            #expect(metrics.contains("loket_sessions_active 0"), "\(metrics)")
            #expect(metrics.contains("loket_sync_state{state=\"online\"} 1"), "\(metrics)")
            #expect(metrics.contains("loket_outbox_entries "), "\(metrics)")
            #expect(metrics.contains("loket_sync_rounds_total{result=\"ok\"} "), "\(metrics)")
            #expect(metrics.contains("loket_print_jobs{state=\"held\"} 0"), "\(metrics)")
            let hubMetrics = try await Self.page("http://127.0.0.1:\(port)/metrics")
            #expect(hubMetrics.contains("loket_hub_terminals 1"), "\(hubMetrics)")
            #expect(hubMetrics.contains("loket_hub_terminals_offline 0"), "\(hubMetrics)")
            #expect(hubMetrics.contains("loket_hub_changes_total{result=\"accepted\"} "), "\(hubMetrics)")
            kill(pid, SIGTERM)  // as systemd or Ctrl-C would
            #expect(try Spawn.wait(pid) == 0)
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(text.contains("up: stopped"), "run \(run): \(text)")
            #expect(!LoopbackPort.accepts(port), "the hub still listens after up stopped")
        }
        // The second run reused the hub and the enrolment: one admin key, both records.
        // Each run's guest session left its record, wiped.
        let sessions = try LoketBinary.run(["db", "dump", folder.path("home/terminal.sqlite")]).stdout
        #expect(sessions.components(separatedBy: "\"wiped_at\"").count - 1 == 2, "\(sessions)")
        let dump = try LoketBinary.run(["db", "dump", folder.path("home/terminal.sqlite")]).stdout
        #expect(dump.contains("LPT-0") && dump.contains("LPT-1"))
    }
}
