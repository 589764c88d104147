import LoketProtocol
import Synchronization

/// Gathers the pushes that arrive while one is being written and hands them to the store
/// together, so concurrent pushes share a transaction and its disk sync (group commit).
/// Each caller still gets its own receipt or error.
final class PushBatcher: Sendable {
    struct Job: Sendable {
        var terminal: String
        var replicaID: String
        var entries: [DecidedEntry]
        var now: Int64
    }

    private struct Waiting: Sendable {
        var job: Job
        var continuation: CheckedContinuation<PushReceipt, any Error>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    /// Writes a group of pushes in one transaction (set once by the store).
    private let writer = Mutex<(@Sendable ([Job]) async throws -> [Result<PushReceipt, HubError>])?>(nil)

    var store: (@Sendable ([Job]) async throws -> [Result<PushReceipt, HubError>])? {
        get { writer.withLock { $0 } }
        set { writer.withLock { $0 = newValue } }
    }

    func submit(_ job: Job) async throws -> PushReceipt {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(Waiting(job: job, continuation: continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if start { Task { await drain() } }
        }
    }

    private func drain() async {
        while true {
            let group = state.withLock { state in
                let group = state.waiting
                state.waiting = []
                if group.isEmpty { state.writing = false }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                guard let store else { throw HubError.unavailable("the hub store is not ready") }
                let results = try await store(group.map(\.job))
                for (waiting, result) in zip(group, results) {
                    waiting.continuation.resume(with: result.mapError { $0 as any Error })
                }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
