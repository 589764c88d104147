import Dispatch
import Synchronization

/// Runs password hashing (scrypt: about a tenth of a second of one core, and 32 MiB, each)
/// on a thread of its own, one at a time, so a burst of log-ins never holds the threads
/// the hub serves terminals with. At most `capacity` log-ins wait; more are answered
/// `busy` at once instead of queueing without end.
final class PasswordWork: Sendable {
    let queue = DispatchQueue(label: "loket.password-work")
    let waiting = Mutex(0)
    let capacity: Int

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        let admitted = waiting.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw HubError(status: 503, code: "busy", "too many log-ins at once: try again in a moment")
        }
        defer { waiting.withLock { $0 -= 1 } }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
