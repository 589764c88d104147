import Foundation
import LoketSyncClient

/// A real CUPS scheduler for one test: `cupsd` in the foreground as user nobody, with its
/// configuration, spool and logs in a temporary folder, listening on a loopback port;
/// queues are added with `lpadmin`. Stopped by process id. Needs root (to run as nobody)
/// and scripts/bootstrap's packages (cups, cups-client).
public final class CupsDaemon: @unchecked Sendable {
    public let folder: TemporaryDirectory
    public let port: Int
    var pid: pid_t?

    /// `127.0.0.1:PORT`, as `CUPS_SERVER` would say it.
    public var server: String { "127.0.0.1:\(port)" }

    public init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/cupsd"),
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/lpadmin")
        else { throw TestHarnessError("cupsd or lpadmin is not installed: run scripts/bootstrap") }
        guard getuid() == 0 else { throw TestHarnessError("cupsd runs as nobody here: the test needs root") }
        folder = try TemporaryDirectory(prefix: "loket-cups")
        port = try LoopbackPort.free()
        let root = folder.path("")
        chmod(root, 0o755)
        for name in ["spool", "cache", "state", "log", "tmp"] {
            try FileManager.default.createDirectory(atPath: folder.path(name), withIntermediateDirectories: true)
        }
        try [
            "ServerRoot \(root)", "RequestRoot \(folder.path("spool"))", "TempDir \(folder.path("tmp"))",
            "CacheDir \(folder.path("cache"))", "StateDir \(folder.path("state"))", "ServerBin /usr/lib/cups",
            "DataDir /usr/share/cups", "AccessLog \(folder.path("log/access_log"))",
            "ErrorLog \(folder.path("log/error_log"))", "PageLog \(folder.path("log/page_log"))", "FileDevice No",
        ].joined(separator: "\n").write(toFile: folder.path("cups-files.conf"), atomically: true, encoding: .utf8)
        try [
            "Listen 127.0.0.1:\(port)", "Browsing No", "WebInterface No", "DefaultAuthType None", "LogLevel info",
            "JobRetryInterval 1", "<Location />", "Order allow,deny", "Allow all", "</Location>",
            "<Policy default>", "<Limit All>", "Order deny,allow", "Allow all", "</Limit>", "</Policy>",
        ].joined(separator: "\n").write(toFile: folder.path("cupsd.conf"), atomically: true, encoding: .utf8)
        let chown = try Spawn.run("/bin/chown", ["-R", "nobody:nogroup", root], logPath: "/dev/null")
        guard chown == 0 else { throw TestHarnessError("chown of \(root) failed") }
        pid = try Spawn.start(
            "/usr/bin/setpriv",
            [
                "--reuid=nobody", "--regid=nogroup", "--clear-groups", "/usr/sbin/cupsd", "-f", "-c",
                folder.path("cupsd.conf"), "-s", folder.path("cups-files.conf"),
            ], logPath: folder.path("cupsd.out"))
        for _ in 0..<100 {
            if LoopbackPort.accepts(port) { return }
            usleep(100_000)
        }
        throw TestHarnessError("cupsd did not start: \(log)")
    }

    /// Adds the queue `name` for the IPP printer at `uri` (IPP Everywhere, enabled,
    /// accepting), with `options` (`-o name=value`) for its defaults.
    public func addQueue(_ name: String, uri: String, options: [String] = []) throws {
        let status = try Spawn.run(
            "/usr/bin/env",
            ["CUPS_SERVER=\(server)", "/usr/sbin/lpadmin", "-p", name, "-E", "-v", uri, "-m", "everywhere"]
                + options.flatMap { ["-o", $0] }, logPath: folder.path("lpadmin.log"))
        guard status == 0 else {
            throw TestHarnessError(
                "lpadmin failed (\(status)): \((try? String(contentsOfFile: folder.path("lpadmin.log"), encoding: .utf8)) ?? "")"
            )
        }
    }

    /// Stops cupsd and removes its folder.
    public func stop() {
        if let pid {
            kill(pid, SIGTERM)
            _ = try? Spawn.wait(pid)
            self.pid = nil
        }
        folder.remove()
    }

    public var log: String {
        (try? String(contentsOfFile: folder.path("log/error_log"), encoding: .utf8)) ?? ""
    }
}
