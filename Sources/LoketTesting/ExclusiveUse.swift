import Foundation

/// One test at a time uses something the whole machine shares — the machine's Chromium,
/// whose managed-policy folder changes what every Chromium may do; pcscd, whose socket and
/// vpcd's port are the host's — across test targets and processes (`.serialized` orders
/// only the tests of one suite). Holders queue on an actor, and then on an exclusive
/// `flock` of a lock file, which also holds across processes and any second copy of this
/// type.
public actor ExclusiveUse {
    /// The machine's Chromium and `/etc/chromium/policies/managed/`.
    public static let chromium = ExclusiveUse(lockFile: "/tmp/loket-tests-chromium.lock")
    /// pcscd (`/run/pcscd/pcscd.comm`) and vpcd's port.
    public static let pcscd = ExclusiveUse(lockFile: "/tmp/loket-tests-pcscd.lock")

    let lockFile: String?
    var busy = false
    var waiting: [CheckedContinuation<Void, Never>] = []

    public init(lockFile: String? = nil) {
        self.lockFile = lockFile
    }

    /// Runs `body` once no other holder runs; the next waiter goes when it returns or throws.
    public nonisolated func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        let fd: Int32
        do { fd = try await lockFileExclusively() } catch {
            await release()
            throw error
        }
        defer {
            if fd >= 0 {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    /// Takes the lock file (waiting without blocking a thread); -1 when there is none.
    nonisolated func lockFileExclusively() async throws -> Int32 {
        guard let lockFile else { return -1 }
        let fd = open(lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw TestHarnessError("cannot open \(lockFile): errno \(errno)") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(fd)
                throw TestHarnessError("cannot lock \(lockFile): errno \(errno)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return fd
    }

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
