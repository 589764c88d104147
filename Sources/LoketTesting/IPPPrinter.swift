public import Foundation
import LoketSyncClient

/// A real IPP printer for one test: CUPS's `ippeveprinter` on a loopback port, with a
/// private D-Bus bus it needs, printing into a spool folder the test reads. It can be
/// switched off (``stop()``) and on again on the same port (``start()``), as a printer
/// that is powered off and on. Stopped by process id. Needs scripts/bootstrap's packages
/// (cups-ipp-utils, dbus).
public final class IPPPrinter: @unchecked Sendable {
    public let folder: TemporaryDirectory
    public let port: Int
    /// The document formats it prints.
    public let formats: String
    var printer: pid_t?
    var bus: pid_t?

    /// The printer's address: `ipp://localhost:PORT/ipp/print` (it listens on 127.0.0.1 and ::1).
    public var uri: String { "ipp://localhost:\(port)/ipp/print" }

    public init(formats: String = "application/pdf,text/plain,application/octet-stream") throws {
        self.formats = formats
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/ippeveprinter"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/dbus-daemon")
        else { throw TestHarnessError("ippeveprinter or dbus-daemon is not installed: run scripts/bootstrap") }
        folder = try TemporaryDirectory(prefix: "loket-ipp")
        chmod(folder.path(""), 0o755)  // cupsd (as nobody) reads nothing here, but may traverse
        try FileManager.default.createDirectory(atPath: folder.path("spool"), withIntermediateDirectories: true)
        port = try LoopbackPort.free()
        bus = try Spawn.start(
            "/usr/bin/dbus-daemon",
            ["--session", "--nofork", "--nopidfile", "--address=unix:path=\(folder.path("dbus.sock"))"],
            logPath: folder.path("dbus.log"))
        // ippeveprinter started before its bus answers takes jobs but never finishes them:
        // wait until the bus accepts a connection (a loaded machine may take seconds).
        var ready = false
        for _ in 0..<300 where !ready {
            ready = Self.accepts(unixSocket: folder.path("dbus.sock"))
            if !ready { usleep(100_000) }
        }
        guard ready else { throw TestHarnessError("the private D-Bus bus for ippeveprinter did not start") }
        try start()
    }

    /// Switches the printer on (again) and waits until it answers.
    public func start() throws {
        guard printer == nil else { return }
        var environment = ProcessInfo.processInfo.environment
        environment["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=\(folder.path("dbus.sock"))"
        printer = try Spawn.start(
            "/usr/sbin/ippeveprinter",
            [
                // -c: "print" with /bin/true at once (without a command ippeveprinter
                // sleeps 5–15 s per job to look busy); -k keeps each document for the test.
                "-p", "\(port)", "-n", "localhost", "-d", folder.path("spool"), "-k", "-r", "off", "-f", formats,
                "-c", "/bin/true", "-v", "LoketTestPrinter",
            ], logPath: folder.path("printer.log"), environment: environment)
        for _ in 0..<100 {
            if LoopbackPort.accepts(port) { return }
            usleep(100_000)
        }
        throw TestHarnessError("ippeveprinter did not start: \(log)")
    }

    /// Switches the printer off (SIGTERM, then waits for it).
    public func stop() {
        guard let printer else { return }
        kill(printer, SIGTERM)
        _ = try? Spawn.wait(printer)
        self.printer = nil
    }

    /// Stops the printer and its bus and removes the folder.
    public func remove() {
        stop()
        if let bus {
            kill(bus, SIGTERM)
            _ = try? Spawn.wait(bus)
            self.bus = nil
        }
        folder.remove()
    }

    public var log: String { (try? String(contentsOfFile: folder.path("printer.log"), encoding: .utf8)) ?? "" }

    /// Whether something accepts connections on the Unix socket at `path`.
    static func accepts(unixSocket path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }

    /// The documents the printer has printed (ippeveprinter keeps each in its spool
    /// folder, `-k`), oldest first.
    public func printed() -> [Data] {
        let spool = folder.path("spool")
        // The command's output (`N-name.prn`, empty from /bin/true) is not a document.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter {
            !$0.hasSuffix(".prn")
        }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: "\(spool)/\($0)") }
    }
}
