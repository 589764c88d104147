import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The privacy wipe after a session: ends the print jobs held for it, empties the
/// session area — the browser's profile (cookies, history, cache, saved passwords,
/// storage), downloads, the session's files — without following a link out of it, makes
/// the empty folders again, and checks that no file is left. The browser must be closed
/// first: its clipboard selection goes with it (a Wayland selection lives in the client
/// that offers it).
public struct SessionWiper: Sendable {
    public var configuration: WipeConfiguration
    let cancelHeldPrintJobs: @Sendable (String) throws -> Int
    let owner: (uid: UInt32, gid: UInt32)?
    let logger: Logger

    /// - Parameters:
    ///   - owner: who owns the folders made again (the kiosk's account); `nil` keeps the
    ///     agent's.
    ///   - cancelHeldPrintJobs: ends what is held for a session id and answers how many
    ///     jobs it cancelled (the print queue: a guest's are cancelled and erased, a
    ///     card's wait a while for its tap); the default cancels none.
    public init(
        configuration: WipeConfiguration, owner: (uid: UInt32, gid: UInt32)? = nil, logger: Logger,
        cancelHeldPrintJobs: @escaping @Sendable (String) throws -> Int = { _ in 0 }
    ) {
        self.configuration = configuration
        self.owner = owner
        self.logger = logger
        self.cancelHeldPrintJobs = cancelHeldPrintJobs
    }

    /// Wipes and checks; throws ``WipeError`` when something stays behind.
    public func wipe(sessionID: String) throws(WipeError) -> WipeReport {
        let clock = ContinuousClock()
        let begin = clock.now
        let jobs: Int
        do { jobs = try cancelHeldPrintJobs(sessionID) } catch {
            throw WipeError("the print jobs held for the session could not be cancelled: \(error)")
        }
        let root = configuration.sessionDirectory
        if mkdir(root, 0o700) != 0 && errno != EEXIST {
            throw WipeError("cannot make the session area \(root): \(Self.errorText())")
        }
        let fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw WipeError("cannot open the session area \(root) (a link is refused): \(Self.errorText())")
        }
        defer { close(fd) }
        var removed = (files: 0, bytes: Int64(0))
        try Self.empty(fd, path: "", removed: &removed)
        for folder in configuration.recreate {
            guard mkdirat(fd, folder, 0o700) == 0 else {
                throw WipeError("cannot make \(folder) again in the session area: \(Self.errorText())")
            }
            if let owner, fchownat(fd, folder, owner.uid, owner.gid, AT_SYMLINK_NOFOLLOW) != 0 {
                throw WipeError("cannot give \(folder) to the kiosk's account: \(Self.errorText())")
            }
        }
        let removedAt = clock.now
        let left = try Self.files(fd, path: "")
        guard left.isEmpty else {
            let shown = left.prefix(5).joined(separator: ", ")
            throw WipeError("\(left.count) file(s) left in the session area after the wipe: \(shown)")
        }
        let end = clock.now
        let report = WipeReport(
            removedFiles: removed.files, removedBytes: removed.bytes, cancelledPrintJobs: jobs,
            removeMilliseconds: Self.milliseconds(removedAt - begin),
            checkMilliseconds: Self.milliseconds(end - removedAt))
        logger.info(
            "session wiped",
            metadata: [
                "files": "\(report.removedFiles)", "bytes": "\(report.removedBytes)",
                "ms": "\(Int(report.removeMilliseconds + report.checkMilliseconds))",
            ])
        return report
    }

    /// Removes everything below the open folder `fd`, not following links.
    static func empty(_ fd: Int32, path: String, removed: inout (files: Int, bytes: Int64)) throws(WipeError) {
        for name in try names(fd, path: path) {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                if errno == ENOENT { continue }
                throw WipeError("cannot read \(path + name): \(errorText())")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw WipeError("cannot open \(path + name): \(errorText())") }
                do {
                    try empty(child, path: path + name + "/", removed: &removed)
                    close(child)
                } catch {
                    close(child)
                    throw error
                }
                guard unlinkat(fd, name, AT_REMOVEDIR) == 0 else {
                    throw WipeError("cannot remove the folder \(path + name): \(errorText())")
                }
            } else {
                guard unlinkat(fd, name, 0) == 0 || errno == ENOENT else {
                    throw WipeError("cannot remove \(path + name): \(errorText())")
                }
                removed.files += 1
                removed.bytes += Int64(info.st_size)
            }
        }
    }

    /// Every entry below `fd` that is not a folder, as paths relative to the session area.
    static func files(_ fd: Int32, path: String) throws(WipeError) -> [String] {
        var found: [String] = []
        for name in try names(fd, path: path) {
            var info = stat()
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw WipeError("cannot check \(path + name): \(errorText())")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw WipeError("cannot check \(path + name): \(errorText())") }
                defer { close(child) }
                found += try files(child, path: path + name + "/")
            } else {
                found.append(path + name)
            }
        }
        return found
    }

    /// The names in the open folder `fd` (its own descriptor stays open).
    static func names(_ fd: Int32, path: String) throws(WipeError) -> [String] {
        let copy = dup(fd)
        guard copy >= 0, let directory = fdopendir(copy) else {
            throw WipeError("cannot list \(path.isEmpty ? "the session area" : path): \(errorText())")
        }
        defer { closedir(directory) }
        rewinddir(directory)
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
