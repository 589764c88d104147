import Foundation
import LoketKiosk
import LoketTesting
import Testing

/// The kiosk session's systemd units and cage launch, checked statically: cage does not
/// run in these containers, systemd-analyze does check the units.
@Suite struct KioskLaunchTests {
    static let profile = KioskProfile(
        id: "library", version: 7, expires: "2030-01-01T00:00:00Z",
        services: [
            AllowedService(name: "DigiD", category: "government", icon: "digid", urls: ["https://*.digid.nl/*"])
        ],
        languages: LanguageSettings(default: "en", available: ["en", "nl"]))

    @Test("the units name the agent, cage and Chromium in kiosk mode, and take the console")
    func contents() {
        let files = KioskLaunch.files(Self.profile, configuration: KioskLaunchConfiguration())
        #expect(Set(files.keys) == ["loket-agent.service", "loket-kiosk.service", "pam.d/loket-kiosk"])
        let agent = files["loket-agent.service"]!
        #expect(agent.contains("ExecStart=/usr/bin/loket terminal run --db /var/lib/loket/terminal.sqlite"))
        #expect(
            agent.contains("User=root\n") && agent.contains("ProtectSystem=strict")
                && agent.contains("NoNewPrivileges=yes"))
        let kiosk = files["loket-kiosk.service"]!
        #expect(
            kiosk.contains(
                "ExecStart=/usr/bin/cage -d -- /usr/bin/chromium --kiosk --ozone-platform=wayland --no-first-run --noerrdialogs --disable-session-crashed-bubble --user-data-dir=/run/loket/session/chromium --load-extension=/etc/loket/session-bar --lang=en http://127.0.0.1:8471/"
            ), "\(kiosk)")
        #expect(!kiosk.contains("cage -d -s"), "a visitor must not switch consoles")
        #expect(kiosk.contains("TTYPath=/dev/tty1") && kiosk.contains("Conflicts=getty@tty1.service"))
        #expect(kiosk.contains("PAMName=loket-kiosk") && kiosk.contains("User=loket-kiosk"))
        #expect(kiosk.contains("kiosk profile library version 7"))
    }

    @Test("systemd-analyze verify accepts the units with the real binaries")
    func systemdVerifies() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
            Issue.record("systemd-analyze is missing: run scripts/bootstrap")
            return
        }
        let folder = try TemporaryDirectory(prefix: "loket-units")
        defer { folder.remove() }
        // Binaries that exist here: the test's own loket, Debian's cage and chromium.
        let configuration = KioskLaunchConfiguration(
            loketPath: LoketBinary.url.path, cagePath: "/usr/bin/cage", chromiumPath: "/usr/bin/chromium",
            agentUser: "root", kioskUser: "root")
        for (name, text) in KioskLaunch.files(Self.profile, configuration: configuration)
        where name.hasSuffix(".service") {
            try text.write(toFile: folder.path(name), atomically: true, encoding: .utf8)
        }
        let log = folder.path("verify.log")
        let status = try Spawn.run(
            "/usr/bin/systemd-analyze",
            ["verify", "--man=no", folder.path("loket-agent.service"), folder.path("loket-kiosk.service")],
            logPath: log)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")
        #expect(!output.contains("loket-"), "\(output)")

        // A broken unit is caught: the check can fail.
        try "[Service]\nExecStart=/nonexistent/cage -d\nBogusKey=1\n".write(
            toFile: folder.path("loket-broken.service"), atomically: true, encoding: .utf8)
        let brokenStatus = try Spawn.run(
            "/usr/bin/systemd-analyze", ["verify", "--man=no", folder.path("loket-broken.service")],
            logPath: folder.path("broken.log"))
        let broken = (try? String(contentsOfFile: folder.path("broken.log"), encoding: .utf8)) ?? ""
        #expect(brokenStatus != 0 && broken.contains("/nonexistent/cage is not executable"), "\(broken)")
    }

    @Test("the agent's settings carry the profile's rules")
    func agentSettings() {
        let settings = AgentSettings.settings(Self.profile)
        #expect(settings["kiosk.profile_version"] == "7")
        #expect(settings["kiosk.session.idle_timeout_s"] == "300")
        #expect(settings["kiosk.language.default"] == "en")
        #expect(settings["kiosk.printing.queue"] == nil)
        #expect(settings["kiosk.offline.sessions_for_hours"] == "24")
    }
}
