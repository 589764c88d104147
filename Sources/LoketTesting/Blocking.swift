import Foundation

/// Runs blocking work — a daemon's start, which waits for it to listen — on a thread of its
/// own, for async tests: the few threads every test's tasks share must not sit in `usleep`
/// or `waitpid` while other tests' tasks (and their real-time deadlines) wait for them.
public enum Blocking {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
