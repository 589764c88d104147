import Synchronization

/// Gathers the writes that arrive while one group is being written and hands them to the
/// store together, so concurrent requests share a transaction and its disk sync (group
/// commit). Each caller still gets its own answer or error.
final class GroupWriter<Job: Sendable, Output: Sendable>: Sendable {
    private struct Waiting: Sendable {
        var job: Job
        var continuation: CheckedContinuation<Output, any Error>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let state = Mutex(State())
    static var maximumGroup: Int { 128 }
    /// Writes a group in one transaction (set once by the store).
    private let writer = Mutex<(@Sendable ([Job]) async throws -> [Result<Output, HubError>])?>(nil)

    var store: (@Sendable ([Job]) async throws -> [Result<Output, HubError>])? {
        get { writer.withLock { $0 } }
        set { writer.withLock { $0 = newValue } }
    }

    func submit(_ job: Job) async throws -> Output {
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
                // At most `maximumGroup` per transaction: a group's size is bounded, not its wait.
                let group = Array(state.waiting.prefix(Self.maximumGroup))
                state.waiting.removeFirst(group.count)
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
