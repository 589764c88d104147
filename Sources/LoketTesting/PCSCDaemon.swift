public import Foundation

/// The real pcscd with vsmartcard's virtual reader (vpcd) for one test: started in the
/// foreground from a temporary configuration folder, waited for until vpcd listens on
/// loopback, stopped by its process id. pcscd's socket is fixed (`/run/pcscd/pcscd.comm`),
/// so one runs per host: the tests that use it run one at a time. Needs root (CI runs as
/// root) and scripts/bootstrap's packages (pcscd, vsmartcard-vpcd).
public final class PCSCDaemon: @unchecked Sendable {
    /// Where vpcd waits for a virtual card: below Linux's ephemeral ports (32768–60999),
    /// so no test's outgoing connection can hold it (vpcd's own default, 35963, is among
    /// them, and a client socket there — or its TIME_WAIT — made pcscd fail to start).
    public static let vpcdPort = 31963
    public let folder: TemporaryDirectory
    var pid: pid_t?

    public init() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/pcscd"),
            FileManager.default.fileExists(atPath: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
        else { throw TestHarnessError("pcscd or vpcd is not installed: run scripts/bootstrap") }
        guard getuid() == 0 else { throw TestHarnessError("pcscd's socket is in /run/pcscd: the test needs root") }
        folder = try TemporaryDirectory(prefix: "loket-pcscd")
        try FileManager.default.createDirectory(atPath: folder.path("conf"), withIntermediateDirectories: true)
        try """
        FRIENDLYNAME "Loket virtual reader"
        DEVICENAME /dev/null:0x\(String(Self.vpcdPort, radix: 16, uppercase: true))
        LIBPATH /usr/lib/pcsc/drivers/serial/libifdvpcd.so
        CHANNELID 0x\(String(Self.vpcdPort, radix: 16, uppercase: true))

        """.write(toFile: folder.path("conf/vpcd"), atomically: true, encoding: .utf8)
        do { try start() } catch {
            folder.remove()
            throw error
        }
    }

    /// Starts pcscd (again, after ``kill()``) and waits until vpcd listens — up to a minute,
    /// for a loaded machine, trying a second time when the first pcscd does not come up.
    public func start() throws {
        guard pid == nil else { return }
        var said = ""
        for _ in 0..<2 {
            try? FileManager.default.createDirectory(atPath: "/run/pcscd", withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: "/run/pcscd/pcscd.comm")
            // No -a: pcscd would log every APDU, card UIDs with them.
            pid = try Spawn.start("/usr/sbin/pcscd", ["-f", "-c", folder.path("conf")], logPath: folder.path("log"))
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if Self.listening(Self.vpcdPort), FileManager.default.fileExists(atPath: "/run/pcscd/pcscd.comm") {
                    return
                }
                usleep(100_000)
            }
            said += log
            kill()  // a pcscd without its reader must not outlive the attempt
        }
        throw TestHarnessError("pcscd did not start in two tries of 30 s: \(said)")
    }

    /// Stops pcscd (SIGTERM, then waits for it).
    public func kill() {
        guard let pid else { return }
        Foundation.kill(pid, SIGTERM)
        _ = try? Spawn.wait(pid)
        self.pid = nil
    }

    /// Stops pcscd and removes its folder.
    public func stop() {
        kill()
        folder.remove()
    }

    public var log: String { (try? String(contentsOfFile: folder.path("log"), encoding: .utf8)) ?? "" }

    /// Whether something listens on loopback TCP `port` (read from /proc/net/tcp: a probe
    /// connection to vpcd would count as a card put on the reader).
    static func listening(_ port: Int) -> Bool {
        let table = readWhole("/proc/net/tcp") + readWhole("/proc/net/tcp6")
        let hex = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[1].hasSuffix(hex) && fields[3] == "0A"
        }
    }

    /// The whole of a /proc file. Its size says 0, and Foundation's file reading stops at
    /// the first page: with many sockets open (a full test run) the vpcd line was past it.
    static func readWhole(_ path: String) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Puts a virtual card with `uid` (hex) on the reader (scripts/devices/fakecard.py, in
    /// `mode`: uid, refuse, garbage, vanish); answers its process id — kill it to pull the card away.
    public func insertCard(uid: String, mode: String = "uid", script: String) throws -> pid_t {
        try Spawn.start(
            "/usr/bin/python3", [script, "\(Self.vpcdPort)", uid, mode], logPath: folder.path("card.log"))
    }

    /// Pulls the card of ``insertCard(uid:mode:script:)`` away.
    public func removeCard(_ pid: pid_t) {
        Foundation.kill(pid, SIGTERM)
        _ = try? Spawn.wait(pid)
    }
}
