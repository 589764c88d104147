import Foundation
import LoketSyncClient
import LoketTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `make package`'s script on the test's own binary: a Debian package with the binary, its
/// resource bundles, the units, the udev rules and the docs, installed with dpkg into a
/// temporary root — where the installed loket runs and finds its files — then removed.
@Suite struct PackageTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func run(_ tool: String, _ arguments: [String], in folder: TemporaryDirectory) throws -> (Int32, String) {
        let log = folder.path("tool-\(UUID().uuidString).log")
        let status = try Spawn.run(tool, arguments, logPath: log)
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test("the package holds what a machine needs, installs into a root with dpkg, runs there, and removes cleanly")
    func packageInstallsAndRuns() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-package")
        defer { folder.remove() }
        var (status, output) = try run(
            Self.repository.appendingPathComponent("scripts/package").path,
            ["--binary", LoketBinary.url.path, "--out", folder.path("out"), "--compress", "none"], in: folder)
        #expect(status == 0, "\(output)")
        let deb = try #require(
            try FileManager.default.contentsOfDirectory(atPath: folder.path("out")).first { $0.hasSuffix(".deb") })
        let package = folder.path("out/" + deb)
        let version = try LoketBinary.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb == "loket_\(version)_amd64.deb")
        (status, output) = try run(
            "/usr/bin/dpkg-deb", ["--field", package, "Package", "Version", "Depends"], in: folder)
        #expect(output.contains("Package: loket") && output.contains("Version: \(version)"), "\(output)")
        for library in ["libsqlite3-0", "libudev1", "libpcsclite1", "libcups2"] {
            #expect(output.contains(library), "Depends names \(library): \(output)")
        }

        // Installed with dpkg into a root of its own (its database there; maintainer
        // scripts run without chroot and, seeing DPKG_ROOT, touch nothing of this machine).
        let root = folder.path("root")
        for dir in ["var/lib/dpkg/info", "var/lib/dpkg/updates"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        _ = FileManager.default.createFile(atPath: root + "/var/lib/dpkg/status", contents: nil)
        let dpkg = ["--root=\(root)", "--force-script-chrootless", "--force-depends", "--log=/dev/null"]
        (status, output) = try run("/usr/bin/dpkg", dpkg + ["--install", package], in: folder)
        #expect(status == 0, "\(output)")
        for file in [
            "usr/bin/loket", "usr/lib/loket/loket", "usr/lib/loket/Loket_LoketHub.resources/openapi.yaml",
            "usr/lib/loket/Loket_LoketHub.resources/Console/console.mustache",
            "usr/lib/loket/Loket_LoketKiosk.resources/Screen/page.mustache", "lib/systemd/system/loket-hub.service",
            "lib/systemd/system/loket-agent.service", "lib/udev/rules.d/70-loket.rules", "etc/default/loket-hub",
            "usr/share/doc/loket/OPERATIONS.md",
        ] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + file), "\(file) is installed")
        }
        (status, output) = try run("/usr/bin/dpkg", ["--root=\(root)", "--status", "loket"], in: folder)
        #expect(output.contains("Status: install ok installed"), "\(output)")
        let rules = try String(contentsOfFile: root + "/lib/udev/rules.d/70-loket.rules", encoding: .utf8)
        let shipped = try String(
            contentsOf: Self.repository.appendingPathComponent("Hardware/70-loket.rules"), encoding: .utf8)
        #expect(rules == shipped)

        // The installed loket, through its /usr/bin link, finds its files: a hub serves the
        // API document and the console from the installed bundles.
        let installed = URL(fileURLWithPath: root + "/usr/bin/loket")
        (status, output) = try run(installed.path, ["--version"], in: folder)
        #expect(status == 0 && output.trimmingCharacters(in: .whitespacesAndNewlines) == version)
        (status, output) = try run(installed.path, ["hub", "init", "--data", folder.path("hub")], in: folder)
        #expect(status == 0, "\(output)")
        let port = try LoopbackPort.free()
        let hub = try LoketProcess(
            ["hub", "serve", "--data", folder.path("hub"), "--listen", "127.0.0.1:\(port)"], folder: folder,
            name: "installed-hub", executable: installed)
        defer {
            hub.signal(SIGTERM)
            hub.wait()
        }
        try hub.waitForPort(port)
        let api = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/openapi.yaml")!)
        #expect((api.1 as? HTTPURLResponse)?.statusCode == 200)
        let login = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/console/login")!)
        #expect(String(decoding: login.0, as: UTF8.self).contains("Inloggen"))

        // The units, as installed, pass systemd-analyze (pointed at the installed binary).
        for unit in ["loket-hub.service", "loket-agent.service"] {
            let text = try String(contentsOfFile: root + "/lib/systemd/system/" + unit, encoding: .utf8)
                .replacingOccurrences(of: "/usr/bin/loket", with: installed.path)
                .replacingOccurrences(of: "User=loket", with: "User=root")
                .replacingOccurrences(of: "Group=loket", with: "Group=root")
            try text.write(toFile: folder.path(unit), atomically: true, encoding: .utf8)
        }
        (status, output) = try run(
            "/usr/bin/systemd-analyze",
            ["verify", "--man=no", folder.path("loket-hub.service"), folder.path("loket-agent.service")], in: folder)
        #expect(status == 0, "\(output)")

        // Removed: the files go, the configuration stays until purged.
        (status, output) = try run("/usr/bin/dpkg", dpkg + ["--remove", "loket"], in: folder)
        #expect(status == 0, "\(output)")
        #expect(!FileManager.default.fileExists(atPath: root + "/usr/lib/loket/loket"))
        #expect(FileManager.default.fileExists(atPath: root + "/etc/default/loket-hub"), "a conffile stays on remove")
        (status, output) = try run("/usr/bin/dpkg", dpkg + ["--purge", "loket"], in: folder)
        #expect(status == 0 && !FileManager.default.fileExists(atPath: root + "/etc/default/loket-hub"), "\(output)")
    }
}
