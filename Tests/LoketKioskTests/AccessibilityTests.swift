import Foundation
import Hummingbird
import LoketKiosk
import LoketStore
import LoketSync
import LoketTesting
import ServiceLifecycle
import Synchronization
import Testing

/// The kiosk screen in real headless Chromium (Debian's chromium and chromedriver,
/// Selenium): axe-core finds no WCAG 2.1 A/AA violation in any state and page (help,
/// DigiD Machtigen, print, the helper's second screen), at normal and at 200 % text
/// without loss of content, and the guest flow works by keyboard alone
/// (scripts/accessibility/check.py).
extension SystemChromium {
    @Suite struct AccessibilityTests {
        static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()

        /// Runs the browser check; answers its output when it fails.
        static func check(_ arguments: [String], _ folder: TemporaryDirectory) async throws -> String? {
            let log = folder.path("check-\(arguments[0])-\(arguments.last!.split(separator: "/").last ?? "").log")
            let status = try await Spawn.runDetached(
                repository.appendingPathComponent("scripts/accessibility/run").path, arguments, logPath: log)
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return status == 0 && output.contains("\"failures\": 0") ? nil : output.suffix(4000).description
        }

        @Test("every state of the screen passes axe at 100 % and 200 % text; the guest flow works by keyboard")
        func screenInChromium() async throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
                Issue.record("chromedriver is missing: run scripts/bootstrap")
                return
            }
            // The end-to-end test (another target) uses the machine's Chromium too.
            try await ExclusiveUse.chromium.run { try await Self.auditEveryState() }
        }

        static func auditEveryState() async throws {
            let folder = try TemporaryDirectory(prefix: "loket-a11y")
            defer { folder.remove() }
            let clock = ManualWallClock()
            var configuration = ReplicaConfiguration()
            configuration.wallClock = clock
            let replica = try Replica(
                path: folder.path("t.sqlite"), configuration: configuration, logger: TestLogging.silent)
            let browserStuck = Mutex(false)
            let controller = SessionController(
                replica: replica, terminal: "t1", rules: SessionRules(),
                wiper: SessionWiper(
                    configuration: WipeConfiguration(sessionDirectory: folder.path("session")),
                    logger: TestLogging.silent),
                allowances: CardAllowanceBook(
                    replica: replica, terminal: "t1", authority: nil, logger: TestLogging.silent),
                clock: clock, logger: TestLogging.silent,
                closeBrowser: {
                    struct Stuck: Error {}
                    if browserStuck.withLock({ $0 }) { throw Stuck() }
                })
            let services = [
                AllowedService(name: "DigiD", category: "government", icon: "digid", urls: ["https://*.digid.nl/*"]),
                AllowedService(name: "Werk.nl", category: "work", icon: "work", urls: ["https://*.werk.nl/*"]),
            ]
            let screen = try KioskScreen(
                controller: controller, defaults: ScreenPreferences(), guestsAllowed: true, clock: clock,
                features: ScreenFeatures(
                    helperMode: true, helpButtonText: "Hulp nodig? Vraag het ons",
                    printing: PrintingSettings(enabled: true, freePagesPerDay: 10, pricePerPageCents: 10)),
                questions: HelpQuestionLog(replica: replica, terminal: "t1", logger: TestLogging.silent),
                services: { services })
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let application = Application(
                router: KioskScreenRouter.make(screen), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: TestLogging.silent)
            let group = ServiceGroup(services: [application], logger: TestLogging.silent)
            let server = Task { try await group.run() }
            defer { server.cancel() }
            var port = 0
            for await bound in ports {
                port = bound
                break
            }
            let url = "http://127.0.0.1:\(port)/"

            var failures: [String] = []
            func audit(_ name: String, path: String = "") async throws {
                if let output = try await Self.check(["audit", url + path, name], folder) { failures.append(output) }
            }
            try await audit("start")
            if let output = try await Self.check(["keyboard", url], folder) { failures.append(output) }
            #expect(await controller.phase == .idle, "the keyboard flow ended the session it started")
            try await audit("erased")

            await screen.act(.startGuest)
            try await audit("session")
            try await audit("print", path: "print")
            try await audit("digid-machtigen", path: "help/digid-machtigen")
            try await audit("help", path: "help")
            await screen.act(.requestHelp)
            try await audit("help-code", path: "help")
            try await audit("helper-join", path: "helper")
            let code = try #require(await screen.helperVisit?.code)
            if let output = try await Self.check(["helper", url + "helper", code], folder) { failures.append(output) }
            #expect(await screen.helperVisit?.joined == true, "the helper's code typed in Chromium joined")
            try await audit("session-helped")
            clock.advance(by: 240_000)
            await screen.take(await controller.handle(.tick))
            try await audit("warning-idle")
            for _ in 0..<15 {
                clock.advance(by: 100_000)
                await screen.act(.input)
                await screen.take(await controller.handle(.tick))
            }
            #expect(await controller.phase.name == "warning", "the guest's time-up warning")
            try await audit("warning-time-up")

            browserStuck.withLock { $0 = true }
            await screen.act(.end)
            #expect(await controller.phase.name == "out-of-order")
            try await audit("out-of-order")

            await screen.act(.preferences(language: "en", largeText: true, highContrast: true))
            await screen.take(await controller.handle(.retryWipe))
            clock.advance(by: 20_000)
            try await audit("start-english-large-contrast")

            #expect(failures.isEmpty, "\(failures.joined(separator: "\n---\n"))")
            await group.triggerGracefulShutdown()
            _ = try? await server.value
        }
    }
}
