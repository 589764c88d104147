import Foundation
import LoketKiosk
import LoketSync
import LoketTesting
import Testing

/// A profile rendered as Chromium's managed policy, and the real browser obeying it.
extension SystemChromium {
    @Suite struct ChromiumPolicyTests {
        static let profile = KioskProfile(
            id: "library", version: 1, expires: "2030-01-01T00:00:00Z",
            services: [
                AllowedService(
                    name: "DigiD", category: "government", icon: "digid",
                    urls: ["https://*.digid.nl/*", "https://digid.nl/*"]),
                AllowedService(name: "Forms", category: "government", icon: "form", urls: ["https://a.nl/forms/*"]),
            ],
            printing: PrintingSettings(enabled: true, queue: "q"))

        @Test("profile URL patterns become Chromium URL filters")
        func filters() {
            #expect(ChromiumPolicy.urlFilter("https://*.digid.nl/*") == "https://digid.nl")
            #expect(ChromiumPolicy.urlFilter("https://digid.nl/*") == "https://.digid.nl")
            #expect(ChromiumPolicy.urlFilter("https://digid.nl") == "https://.digid.nl")
            #expect(ChromiumPolicy.urlFilter("https://a.nl/forms/*") == "https://.a.nl/forms/")
            #expect(ChromiumPolicy.urlFilter("https://a.nl:8443/x") == "https://.a.nl:8443/x")
        }

        @Test("the policy blocks everything but the services and the kiosk screen, and locks the browser down")
        func policy() throws {
            let configuration = BrowserPolicyConfiguration(kioskURL: "http://127.0.0.1:8471/")
            guard case .object(let policy) = ChromiumPolicy.policy(Self.profile, configuration: configuration) else {
                Issue.record("the policy is not an object")
                return
            }
            #expect(policy["URLBlocklist"] == .array(["*"]))
            #expect(
                policy["URLAllowlist"]
                    == .array([
                        "http://.127.0.0.1:8471", "https://.a.nl/forms/", "https://.digid.nl", "https://digid.nl",
                    ]))
            #expect(policy["IncognitoModeAvailability"] == .int(1))
            #expect(policy["ExtensionInstallSources"] == .array([]) && policy["BlockExternalExtensions"] == .bool(true))
            #expect(policy["ExtensionInstallBlocklist"] == nil, "it would shut out the session bar, loaded unpacked")
            #expect(policy["DeveloperToolsAvailability"] == .int(2))
            #expect(policy["DownloadRestrictions"] == .int(1))
            #expect(policy["DownloadDirectory"] == .string("/run/loket/session/downloads"))
            #expect(policy["PrintingEnabled"] == .bool(true))
            #expect(policy["PasswordManagerEnabled"] == .bool(false))
            #expect(policy["HomepageLocation"] == .string("http://127.0.0.1:8471/"))
            var noPrinting = Self.profile
            noPrinting.printing = PrintingSettings()
            guard case .object(let other) = ChromiumPolicy.policy(noPrinting, configuration: configuration) else {
                return
            }
            #expect(other["PrintingEnabled"] == .bool(false))
            // The file is JSON Chromium can read.
            let bytes = ChromiumPolicy.render(Self.profile, configuration: configuration)
            #expect(try FieldValue(json: String(decoding: bytes, as: UTF8.self)) == .object(policy))
        }

        /// Serves a page over HTTPS on loopback (a throwaway certificate); Chromium, with the
        /// generated policy installed, loads it by the allowed name and not by the blocked one.
        @Test("real headless Chromium with the generated policy: an allowed URL loads, a blocked one does not")
        func realChromium() async throws {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
                Issue.record("Chromium is not installed: run scripts/bootstrap (it installs Debian's chromium)")
                return
            }
            guard getuid() == 0 else {
                Issue.record(
                    "installing a managed policy in /etc/chromium/policies/managed needs root (CI runs as root)")
                return
            }
            // The end-to-end test (another target) uses the machine's Chromium too.
            try await ExclusiveUse.chromium.run { try Self.browseUnderPolicy() }
        }

        static func browseUnderPolicy() throws {
            let folder = try TemporaryDirectory(prefix: "loket-chromium")
            defer { folder.remove() }
            let log = folder.path("log")
            #expect(
                try Spawn.run(
                    "/usr/bin/openssl",
                    [
                        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                        folder.path("key.pem"), "-out", folder.path("cert.pem"), "-days", "1", "-subj", "/CN=localhost",
                    ], logPath: log) == 0)
            try "<html><body><p>LOKET-ALLOWED-PAGE</p></body></html>".write(
                toFile: folder.path("page.html"), atomically: true, encoding: .utf8)
            try """
            import http.server, ssl, sys, os
            os.chdir(sys.argv[1])
            # A thread per connection, the TLS handshake in that thread: a browser's spare
            # (preconnected) socket must not hold up the one it sends the request on.
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain("cert.pem", "key.pem")
            server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
            open("port", "w").write(str(server.server_address[1]))
            server.serve_forever()
            """.write(toFile: folder.path("serve.py"), atomically: true, encoding: .utf8)
            let server = try Spawn.start("/usr/bin/python3", [folder.path("serve.py"), folder.path("")], logPath: log)
            defer {
                kill(server, SIGTERM)
                _ = try? Spawn.wait(server)
            }
            var port = ""
            for _ in 0..<100 where port.isEmpty {
                port = (try? String(contentsOfFile: folder.path("port"), encoding: .utf8)) ?? ""
                if port.isEmpty { usleep(50_000) }
            }
            #expect(
                !port.isEmpty,
                "the HTTPS test server did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

            var profile = Self.profile
            profile.services = [
                AllowedService(name: "Local", category: "general", icon: "globe", urls: ["https://localhost:\(port)/*"])
            ]
            // The kiosk screen's address is the test server too: the session bar's worker asks
            // it for status.json, which shows in the access log.
            var configuration = BrowserPolicyConfiguration()
            configuration.kioskURL = "https://localhost:\(port)/"
            let sessionBar = folder.path("session-bar")
            try FileManager.default.createDirectory(atPath: sessionBar, withIntermediateDirectories: true)
            for (name, text) in try KioskExtension.files(kioskURL: configuration.kioskURL) {
                try text.write(toFile: sessionBar + "/" + name, atomically: true, encoding: .utf8)
            }
            try FileManager.default.createDirectory(
                atPath: configuration.policyDirectory, withIntermediateDirectories: true)
            let policyFile = configuration.policyDirectory + "/" + ChromiumPolicy.fileName
            #expect(!FileManager.default.fileExists(atPath: policyFile), "a Loket policy is already installed here")
            try Data(ChromiumPolicy.render(profile, configuration: configuration)).write(
                to: URL(fileURLWithPath: policyFile))
            defer { try? FileManager.default.removeItem(atPath: policyFile) }

            // Headless Chromium takes one address per run, and the policy forbids the DevTools
            // that --dump-dom needs; so the server's access log tells what the browser fetched.
            func browse(_ url: String) throws -> pid_t {
                try Spawn.start(
                    "/usr/bin/chromium",
                    [
                        "--headless=new", "--no-sandbox", "--ignore-certificate-errors",
                        "--user-data-dir=\(folder.path("chromium-\(UUID().uuidString)"))",
                        "--load-extension=\(sessionBar)", url,
                    ], logPath: folder.path("chromium.log"))
            }
            func stop(_ pid: pid_t) {
                kill(pid, SIGTERM)
                _ = try? Spawn.wait(pid)
            }
            func fetched(_ path: String) -> Bool {
                ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("GET \(path) ")
            }
            /// Waits up to 30 s for the server to see `path`.
            func waitFor(_ path: String) -> Bool {
                for _ in 0..<300 {
                    if fetched(path) { return true }
                    usleep(100_000)
                }
                return false
            }
            // A blocked and an allowed address, each in its own browser, at once: once the
            // allowed page has been fetched, and two seconds more, the blocked one has not been.
            let blocked = try browse("https://127.0.0.1:\(port)/blocked.html")
            let allowed = try browse("https://localhost:\(port)/allowed.html")
            #expect(
                waitFor("/allowed.html"),
                "the allowed address was not fetched: \(((try? String(contentsOfFile: folder.path("chromium.log"), encoding: .utf8)) ?? "").suffix(800))"
            )
            // On the allowed page the session bar runs under the policy and asks the kiosk for
            // the session's status.
            #expect(waitFor("/status.json"), "the session bar did not run under the policy")
            usleep(2_000_000)
            #expect(!fetched("/blocked.html"), "the blocked address was fetched")
            stop(allowed)
            stop(blocked)
            // Without the policy the same address is fetched: the block came from the policy.
            try FileManager.default.removeItem(atPath: policyFile)
            let control = try browse("https://127.0.0.1:\(port)/control.html")
            #expect(waitFor("/control.html"), "without a policy the address should be fetched")
            stop(control)
        }
    }
}
