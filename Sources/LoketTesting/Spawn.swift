public import Foundation

/// Runs programs with posix_spawn and waits for them with waitpid.
///
/// Two things Foundation's `Process` does not do for tests: on Linux it learns that a
/// child ended when a descriptor the child inherited closes, so a daemon the child leaves
/// running (`pg_ctl start`) makes `waitUntilExit` wait for the daemon; and the child
/// inherits the calling thread's blocked signals (test threads block SIGTERM), so a shell
/// script could not be stopped with SIGTERM. Here the child starts with no signal
/// blocked and every signal at its default, as a service manager would start it.
public enum Spawn {
    /// Runs `tool` with `arguments`, output (stdout and stderr) appended to `logPath`,
    /// stdin from /dev/null; returns the exit status (128 + signal when killed).
    public static func run(_ tool: String, _ arguments: [String], logPath: String) throws -> Int32 {
        try wait(start(tool, arguments, logPath: logPath))
    }

    /// ``run(_:_:logPath:)`` on a thread of its own, for async tests: a long child (a
    /// browser run) must not hold one of the few threads every test's tasks share.
    public static func runDetached(_ tool: String, _ arguments: [String], logPath: String) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try run(tool, arguments, logPath: logPath) })
            }
            thread.start()
        }
    }

    /// Starts `tool` and returns its process id; `environment` replaces the environment
    /// when given.
    public static func start(
        _ tool: String, _ arguments: [String], logPath: String, environment: [String: String]? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        return try launch(tool, arguments, actions: &actions, environment: environment)
    }

    /// Starts `tool` talking over pipes: its stdin reads what is written to `input`, its
    /// stdout is read from `output`; stderr is appended to `logPath`. Close `input` to
    /// give it end of file.
    public static func startPiped(
        _ tool: String, _ arguments: [String], logPath: String, environment: [String: String]? = nil
    ) throws -> (pid: pid_t, input: FileHandle, output: FileHandle) {
        let toChild = Pipe()
        let fromChild = Pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild.fileHandleForReading.fileDescriptor, 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild.fileHandleForWriting.fileDescriptor, 1)
        posix_spawn_file_actions_addopen(&actions, 2, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        for handle in [toChild.fileHandleForWriting, fromChild.fileHandleForReading] {
            posix_spawn_file_actions_addclose(&actions, handle.fileDescriptor)
        }
        let pid = try launch(tool, arguments, actions: &actions, environment: environment)
        try toChild.fileHandleForReading.close()
        try fromChild.fileHandleForWriting.close()
        return (pid, toChild.fileHandleForWriting, fromChild.fileHandleForReading)
    }

    static func launch(
        _ tool: String, _ arguments: [String], actions: inout posix_spawn_file_actions_t,
        environment: [String: String]?
    ) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for pointer in envp ?? [] { free(pointer) } }
        var pid: pid_t = 0
        let spawned =
            if let envp { posix_spawn(&pid, tool, &actions, &attributes, argv, envp) } else {
                posix_spawn(&pid, tool, &actions, &attributes, argv, environ)
            }
        guard spawned == 0 else {
            throw TestHarnessError("cannot start \(tool): \(String(cString: strerror(spawned)))")
        }
        return pid
    }

    /// Waits for a process started by ``start(_:_:logPath:environment:)``; returns its exit
    /// status (128 + signal when killed).
    public static func wait(_ pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw TestHarnessError("waitpid for \(pid) failed: errno \(errno)") }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
