import Foundation

/// Runs a program with posix_spawn and waits for it with waitpid.
///
/// Foundation's `Process` on Linux learns that a child ended when a descriptor the child
/// inherited closes; a daemon the child leaves running (`pg_ctl start`) inherits it too,
/// so `waitUntilExit` would wait for the daemon. waitpid waits for the child alone.
public enum Spawn {
    /// Runs `tool` with `arguments`, output (stdout and stderr) appended to `logPath`,
    /// stdin from /dev/null; returns the exit status (128 + signal when killed).
    public static func run(_ tool: String, _ arguments: [String], logPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw TestHarnessError("cannot start \(tool): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestHarnessError("waitpid for \(tool) failed: errno \(errno)") }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
