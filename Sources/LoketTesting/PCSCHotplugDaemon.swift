public import Foundation

/// The real pcscd with its USB hot-plug, for one test: a card reader that is pulled out and
/// plugged in again while pcscd keeps running. pcscd runs inside a umockdev testbed
/// (scripts/devices/pcscd-hotplug.py) where the ACR122U of Hardware/umockdev comes and
/// goes as udev events, and loads the tests' reader driver (scripts/devices/test-reader,
/// built here with `cc`) from a drivers folder bind-mounted in a mount namespace of its
/// own — the host's drivers folder is not touched. ``putCard(uid:)`` lays a card on the
/// reader, ``takeCard()`` takes it away.
///
/// One pcscd per host (its socket is `/run/pcscd/pcscd.comm`): take ``ExclusiveUse/pcscd``.
/// Needs root (CI runs as root) and scripts/bootstrap's packages (pcscd, umockdev,
/// gir1.2-umockdev-1.0, python3-gi, libpcsclite-dev, gcc).
public final class PCSCHotplugDaemon: @unchecked Sendable {
    public let folder: TemporaryDirectory
    /// pcscd's process id: the test can see that the same pcscd ran throughout.
    public let pcscdPID: pid_t
    let scriptPID: pid_t
    let input: FileHandle
    let output: FileHandle
    var stopped = false

    public init(repository: URL) throws {
        for tool in ["/usr/sbin/pcscd", "/usr/bin/umockdev-wrapper", "/usr/bin/cc", "/usr/bin/unshare"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw TestHarnessError("\(tool) is not installed: run scripts/bootstrap")
        }
        guard getuid() == 0 else {
            throw TestHarnessError(
                "pcscd's socket is in /run/pcscd and its drivers folder is bind-mounted: the test needs root")
        }
        let folder = try TemporaryDirectory(prefix: "loket-pcscd-hotplug")
        self.folder = folder
        let started: (pid: pid_t, input: FileHandle, output: FileHandle)
        do {
            try Self.buildDriver(repository: repository, into: folder)
            try FileManager.default.createDirectory(atPath: folder.path("conf"), withIntermediateDirectories: true)
            try? FileManager.default.createDirectory(atPath: "/run/pcscd", withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: "/run/pcscd/pcscd.comm")
            var environment = ProcessInfo.processInfo.environment
            environment["LOKET_TEST_CARD_FILE"] = folder.path("card")
            let scripts = repository.appendingPathComponent("scripts/devices")
            started = try Spawn.startPiped(
                "/usr/bin/umockdev-wrapper",
                [
                    "/usr/bin/python3", scripts.appendingPathComponent("pcscd-hotplug.py").path,
                    repository.appendingPathComponent("Hardware/umockdev/acr122u.umockdev").path,
                    folder.path("drivers"), folder.path("conf"), folder.path("pcscd.log"),
                ], logPath: folder.path("testbed.log"), environment: environment)
        } catch {
            folder.remove()
            throw error
        }
        (scriptPID, input, output) = started
        let first = Self.readLine(output)
        guard let first, first.hasPrefix("pid "), let pid = pid_t(first.dropFirst(4)) else {
            Foundation.kill(scriptPID, SIGKILL)
            _ = try? Spawn.wait(scriptPID)
            let said = (try? String(contentsOfFile: folder.path("testbed.log"), encoding: .utf8)) ?? ""
            folder.remove()
            throw TestHarnessError("the umockdev testbed did not start pcscd (said \(first ?? "nothing")): \(said)")
        }
        pcscdPID = pid
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: "/run/pcscd/pcscd.comm") {
            guard Date() < deadline, pcscdRunning else {
                let said = log
                stop()
                throw TestHarnessError("pcscd did not open its socket in 30 s: \(said)")
            }
            usleep(100_000)
        }
    }

    /// Builds the test reader's driver bundle: `drivers/loket-test-reader.bundle`, laid out
    /// as pcscd reads a drivers folder (Contents/Info.plist, Contents/Linux/the library).
    static func buildDriver(repository: URL, into folder: TemporaryDirectory) throws {
        let source = repository.appendingPathComponent("scripts/devices/test-reader")
        let contents = folder.path("drivers/loket-test-reader.bundle/Contents")
        try FileManager.default.createDirectory(atPath: contents + "/Linux", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: source.appendingPathComponent("Info.plist").path, toPath: contents + "/Info.plist")
        let status = try Spawn.run(
            "/usr/bin/cc",
            [
                "-shared", "-fPIC", "-O1", "-I/usr/include/PCSC", "-Wall", "-Wextra", "-Werror", "-o",
                contents + "/Linux/libloket-test-reader.so",
                source.appendingPathComponent("ifdhandler.c").path,
            ], logPath: folder.path("build.log"))
        guard status == 0 else {
            let said = (try? String(contentsOfFile: folder.path("build.log"), encoding: .utf8)) ?? ""
            throw TestHarnessError("the test reader's driver did not build (cc exited \(status)): \(said)")
        }
    }

    /// Lays a card with `uid` (hex, 4 to 10 bytes) on the reader; pcscd sees it at its next
    /// look (it asks the driver several times a second).
    public func putCard(uid: String) throws {
        try uid.write(toFile: folder.path("card"), atomically: true, encoding: .utf8)
    }

    /// Takes the card away.
    public func takeCard() throws {
        try FileManager.default.removeItem(atPath: folder.path("card"))
    }

    /// Pulls the reader out: udev "remove" for its interface and its device.
    public func unplug() throws { try command("unplug") }

    /// Plugs the reader in again: udev "add" for its device and its interface.
    public func plug() throws { try command("plug") }

    func command(_ name: String) throws {
        try input.write(contentsOf: Data("\(name)\n".utf8))
        let answer = Self.readLine(output)
        guard answer == "ok" else {
            throw TestHarnessError("the testbed answered \(answer ?? "nothing") to \(name): \(log)")
        }
    }

    /// Whether the pcscd started at the beginning still runs (not ended, not a zombie).
    public var pcscdRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pcscdPID)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// Ends the testbed: its stdin closed, it stops pcscd (SIGTERM) and exits; after 30 s
    /// both are killed. Removes the folder.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        try? input.close()
        let deadline = Date().addingTimeInterval(30)
        var status: Int32 = 0
        while waitpid(scriptPID, &status, WNOHANG) == 0 {
            if Date() > deadline {
                Foundation.kill(pcscdPID, SIGKILL)
                Foundation.kill(scriptPID, SIGKILL)
                _ = try? Spawn.wait(scriptPID)
                break
            }
            usleep(50_000)
        }
        // A testbed that died on its own (umockdev aborts on a bad description) leaves its
        // pcscd behind, now init's child: stopped here, by its process id.
        if pcscdRunning {
            Foundation.kill(pcscdPID, SIGTERM)
            for _ in 0..<200 where pcscdRunning { usleep(50_000) }
            if pcscdRunning { Foundation.kill(pcscdPID, SIGKILL) }
        }
        try? output.close()
        folder.remove()
    }

    /// pcscd's own output (errors only: it runs without -d and -a).
    public var log: String { (try? String(contentsOfFile: folder.path("pcscd.log"), encoding: .utf8)) ?? "" }

    /// One line from the testbed's stdout, without its newline; nil at end of file or when
    /// nothing comes for 30 s.
    static func readLine(_ handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var ready = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, 30_000)
            if polled < 0, errno == EINTR { continue }
            guard polled == 1 else { return nil }
            let count = read(handle.fileDescriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }
}
