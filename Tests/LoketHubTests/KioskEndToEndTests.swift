import Foundation
import Hummingbird
import LoketHub
import LoketKiosk
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import ServiceLifecycle
import Synchronization
import Testing

/// A visitor's session end to end, in real headless Chromium (scripts/accessibility/check.py
/// `e2e`), against the terminal's real kiosk runtime syncing with a real hub: guest start →
/// an allowed service opens, with the session bar (``KioskExtension``) on it → a key there
/// keeps the visitor busy → the idle warning shows over the service, "Ik ben er nog" keeps
/// the session → back on the kiosk screen the warning again → time-out → wipe → the start
/// screen.
/// And the same with the hub stopped halfway: the flow completes offline, and the session's
/// record reaches the hub once it is back.
///
/// The agent's clock is a manual one: the browser script asks this test (a small control
/// server on loopback) to move it, so nothing waits for minutes to pass.
@Suite struct KioskEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let profile = """
        id: e2e
        version: 1
        expires: 2027-01-01T00:00:00Z
        services:
          - name: Dienst
            category: government
            urls: ["https://dienst.loket.test/*"]
        session:
          idleTimeout: 120
          warningSeconds: 30
          guestSessionMinutes: 30
        """

    @Test(
        "guest → service → idle warning → time-out → wipe → start, online and with the hub stopped halfway",
        arguments: ["online", "outage"])
    func session(mode: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            Issue.record("chromedriver is missing: run scripts/bootstrap")
            return
        }
        let clock = ManualWallClock()
        try await withHub(.sqlite, clock: clock) { running in
            // The terminal reaches the hub through a forwarder (a load balancer), so the hub can
            // stop and come back at another port while the terminal keeps one address.
            let enrolled = try await running.terminal("kiosk", scopes: ["fleet", "branch:b1", "terminal:kiosk"])
            let balancer = try FaultyProxy(upstreamPort: running.port, faults: .none, seed: 1)
            defer { balancer.stop() }
            let client = try SyncClient(
                replica: enrolled.replica, configuration: SyncConfiguration(), clock: clock,
                logger: TestLogging.silent, hub: "http://127.0.0.1:\(balancer.port)")
            running.clients.withLock { $0.append { try await client.shutdown() } }
            let profile = try ProfileDocument.parse(Self.profile, file: "e2e.yaml")
            try client.replica.setSettings([
                KioskSettingKeys.installedDocument: String(decoding: try CanonicalJSON.encode(profile), as: UTF8.self)
            ])
            let sessionArea = running.folder.path("session-\(mode)")
            var configuration = KioskRuntimeConfiguration()
            configuration.screenPort = 0
            configuration.sessionDirectory = sessionArea
            let (screenPorts, screenBound) = AsyncStream.makeStream(of: Int.self)
            let runtime = try KioskRuntime(
                replica: client.replica, terminal: "kiosk", authority: client, configuration: configuration,
                clock: clock, logger: TestLogging.silent, onScreenRunning: { _, port in screenBound.yield(port) })

            // The control server the browser script calls between its steps.
            let tracesLeft = Mutex(true)
            let router = Router(context: BasicRequestContext.self)
            router.post("/advance") { request, _ -> String in
                let seconds = request.uri.queryParameters.get("seconds").flatMap { Int($0) } ?? 0
                if tracesLeft.withLock({ $0 }), await runtime.controller.phase.session != nil {
                    // What a browser leaves in the session area: the wipe must take it all.
                    try Self.leaveTraces(in: sessionArea)
                    tracesLeft.withLock { $0 = false }
                }
                clock.advance(by: Int64(seconds) * 1000)
                await runtime.screen.take(await runtime.controller.handle(.tick))
                return await runtime.controller.phase.name
            }
            router.post("/idle-seconds") { _, _ -> String in
                guard let session = await runtime.controller.phase.session else { return "none" }
                return "\((Int64(clock.nowMilliseconds()) - session.lastInputAt) / 1000)"
            }
            router.post("/hub/stop") { _, _ -> String in
                await running.pause()
                return "stopped"
            }
            router.post("/hub/start") { _, _ -> String in
                do {
                    balancer.retarget(upstreamPort: try await running.resume())
                    return "started"
                } catch { return "failed: \(error)" }
            }
            router.post("/sync") { _, _ -> String in
                do {
                    _ = try await client.sync()
                    await runtime.afterSync()
                    return "ok"
                } catch { return "failed: \(error)" }
            }
            let (controlPorts, controlBound) = AsyncStream.makeStream(of: Int.self)
            let control = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { controlBound.yield($0.localAddress?.port ?? 0) }, logger: TestLogging.silent)
            let group = ServiceGroup(services: runtime.services + [control], logger: TestLogging.silent)
            let served = Task { try await group.run() }
            var screenPort = 0
            for await port in screenPorts {
                screenPort = port
                break
            }
            var controlPort = 0
            for await port in controlPorts {
                controlPort = port
                break
            }

            let folder = try TemporaryDirectory(prefix: "loket-e2e")
            defer { folder.remove() }
            // The session bar's extension, as the profile installer renders it for this screen.
            let extensionFolder = folder.path("session-bar")
            try FileManager.default.createDirectory(atPath: extensionFolder, withIntermediateDirectories: true)
            for (name, text) in try KioskExtension.files(kioskURL: "http://127.0.0.1:\(screenPort)/") {
                try text.write(toFile: extensionFolder + "/" + name, atomically: true, encoding: .utf8)
            }
            let log = folder.path("e2e-\(mode).log")
            let status = try await ExclusiveUse.chromium.run {
                try await Spawn.runDetached(
                    Self.repository.appendingPathComponent("scripts/accessibility/run").path,
                    [
                        "e2e", "http://127.0.0.1:\(screenPort)/", "http://127.0.0.1:\(controlPort)",
                        "\(profile.session.idleTimeout)", "\(profile.session.warningSeconds)", mode,
                        extensionFolder, KioskExtension.id,
                    ], logPath: log)
            }
            await group.triggerGracefulShutdown()
            _ = try? await served.value
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(status == 0 && output.contains("\"failures\": 0"), "\(output.suffix(4000))")

            // The terminal recorded the session: a guest's, ended idle, wiped; nothing is left.
            guard case .object(let all) = try client.replica.dump(), case .array(let sessions)? = all["sessions"]
            else { throw TestHarnessError("the replica has no sessions collection") }
            #expect(sessions.count == 1, "\(sessions)")
            guard case .object(let record)? = sessions.first else { return }
            #expect(record["kind"] == .string("guest") && record["end_reason"] == .string("idle"), "\(record)")
            if case .int = record["wiped_at"] {
            } else {
                Issue.record("the session is not recorded as wiped: \(record)")
            }
            #expect(!tracesLeft.withLock { $0 }, "the browser script never reached a running session")
            // The wipe makes the browser's empty folders again; no file is left.
            let left = ((try? FileManager.default.subpathsOfDirectory(atPath: sessionArea)) ?? []).filter {
                var folder: ObjCBool = false
                return !FileManager.default.fileExists(atPath: sessionArea + "/" + $0, isDirectory: &folder)
                    || !folder.boolValue
            }
            #expect(left.isEmpty, "left in the session area: \(left)")

            // The session's record reached the hub: after the outage, the first sync with the hub
            // back took it (the outbox is empty); online, the next sync round does.
            if mode == "outage" { #expect(try client.replica.outboxCount() == 0) } else { _ = try await client.sync() }
            let page = try await running.hub.store.pull(
                terminal: "kiosk", excludingOrigin: nil, scopes: ["terminal:kiosk"], after: 0, limit: 1_000,
                nowMilliseconds: Int64(clock.nowMilliseconds()), nonce: nil)
            let pulled = try Hub.changes(of: page)
            let fields = Set(pulled.filter { $0.collection == "sessions" }.map(\.operation.field))
            #expect(fields.isSuperset(of: ["kind", "end_reason", "wiped_at"]), "at the hub: \(fields)")
            try await client.shutdown()
            try await enrolled.shutdown()
        }
    }

    /// A browser profile's worth of files: cookies, a download, a cache entry.
    static func leaveTraces(in area: String) throws {
        for (path, text) in [
            ("chromium/Default/Cookies", "session cookie"), ("downloads/formulier.pdf", "%PDF-1.7"),
            ("chromium/Default/Cache/entry-1", "cached page"),
        ] {
            let file = URL(fileURLWithPath: area).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }
}
