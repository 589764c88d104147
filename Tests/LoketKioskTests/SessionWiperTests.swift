import Foundation
import LoketKiosk
import LoketTesting
import Testing

/// The privacy wipe on real files: everything of a session goes, nothing outside it does,
/// and a wipe that cannot finish says so.
@Suite struct SessionWiperTests {
    /// A session area as a visitor leaves it: a browser profile with cookies and history,
    /// a download, a file of their own in a nested folder, a link pointing out of it.
    func visitedSessionArea(_ folder: TemporaryDirectory) throws -> (area: String, outside: String) {
        let area = folder.path("session")
        let manager = FileManager.default
        for path in [
            "chromium/Default/Cache/Cache_Data", "chromium/Default/Local Storage/leveldb", "downloads", "files/a/b",
        ] {
            try manager.createDirectory(atPath: "\(area)/\(path)", withIntermediateDirectories: true)
        }
        let files = [
            "chromium/Default/Cookies", "chromium/Default/History", "chromium/Default/Login Data",
            "chromium/Default/Cache/Cache_Data/f_000001", "chromium/Default/Local Storage/leveldb/000003.log",
            "downloads/aangifte-2026.pdf", "files/a/b/brief.txt", "chromium/.hidden",
        ]
        for file in files { #expect(manager.createFile(atPath: "\(area)/\(file)", contents: Data("x".utf8))) }
        let outside = folder.path("keep-me.txt")
        #expect(manager.createFile(atPath: outside, contents: Data("not the session's".utf8)))
        try manager.createSymbolicLink(atPath: "\(area)/downloads/link", withDestinationPath: outside)
        try manager.createSymbolicLink(atPath: "\(area)/chromium/outside-dir", withDestinationPath: folder.path(""))
        return (area, outside)
    }

    @Test("every file of the session goes, links are removed not followed, the empty folders come back")
    func wipes() throws {
        let folder = try TemporaryDirectory(prefix: "loket-wipe")
        defer { folder.remove() }
        let (area, outside) = try visitedSessionArea(folder)
        let wiper = SessionWiper(
            configuration: WipeConfiguration(sessionDirectory: area), logger: TestLogging.silent,
            cancelHeldPrintJobs: { id in id == "s1" ? 2 : 0 })
        let report = try wiper.wipe(sessionID: "s1")
        #expect(report.removedFiles == 10 && report.cancelledPrintJobs == 2, "\(report)")
        let left = try FileManager.default.subpathsOfDirectory(atPath: area).sorted()
        #expect(left == ["chromium", "downloads"], "\(left)")
        #expect(FileManager.default.fileExists(atPath: outside), "a link out of the session area is not followed")
        #expect(FileManager.default.fileExists(atPath: folder.path("keep-me.txt")))
        // Again on the empty area, and on a missing one: nothing to do, no error.
        #expect(try wiper.wipe(sessionID: "s2").removedFiles == 0)
        try FileManager.default.removeItem(atPath: area)
        #expect(try wiper.wipe(sessionID: "s3").removedFiles == 0)
        #expect(FileManager.default.fileExists(atPath: area + "/chromium"))
    }

    @Test("a session area that is a link is refused; print jobs that cannot be cancelled stop the wipe")
    func refuses() throws {
        let folder = try TemporaryDirectory(prefix: "loket-wipe-link")
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.path("session"), withDestinationPath: folder.path("real"))
        let linked = SessionWiper(
            configuration: WipeConfiguration(sessionDirectory: folder.path("session")), logger: TestLogging.silent)
        #expect(throws: WipeError.self) { try linked.wipe(sessionID: "s1") }

        struct Offline: Error {}
        let printing = SessionWiper(
            configuration: WipeConfiguration(sessionDirectory: folder.path("real")), logger: TestLogging.silent,
            cancelHeldPrintJobs: { _ in throw Offline() })
        #expect(throws: WipeError.self) { try printing.wipe(sessionID: "s1") }
    }

    @Test("a file that cannot be removed fails the wipe and is named, not read")
    func failure() throws {
        guard getuid() == 0 else {
            Issue.record("this test needs root (chattr +i); CI runs as root")
            return
        }
        let folder = try TemporaryDirectory(prefix: "loket-wipe-stuck")
        defer { folder.remove() }
        let (area, _) = try visitedSessionArea(folder)
        let stuck = "\(area)/downloads/aangifte-2026.pdf"
        guard try Spawn.run("/usr/bin/chattr", ["+i", stuck], logPath: folder.path("chattr.log")) == 0 else {
            Issue.record(
                "chattr +i failed: \((try? String(contentsOfFile: folder.path("chattr.log"), encoding: .utf8)) ?? "")")
            return
        }
        defer { _ = try? Spawn.run("/usr/bin/chattr", ["-i", stuck], logPath: folder.path("chattr.log")) }
        let wiper = SessionWiper(configuration: WipeConfiguration(sessionDirectory: area), logger: TestLogging.silent)
        do {
            _ = try wiper.wipe(sessionID: "s1")
            Issue.record("the wipe passed with an immutable file left")
        } catch {
            #expect(error.message.contains("downloads/aangifte-2026.pdf"), "\(error)")
        }
    }
}
