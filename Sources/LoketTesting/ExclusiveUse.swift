/// One test at a time uses something the whole test process shares — the machine's
/// Chromium, whose managed-policy folder changes what every Chromium may do; pcscd, whose
/// socket and vpcd port are the host's — across test targets (`.serialized` orders only
/// the tests of one suite).
public actor ExclusiveUse {
    /// The machine's Chromium and `/etc/chromium/policies/managed/`.
    public static let chromium = ExclusiveUse()
    /// pcscd (`/run/pcscd/pcscd.comm`) and vpcd's port.
    public static let pcscd = ExclusiveUse()

    var busy = false
    var waiting: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Runs `body` once no other holder runs; the next waiter goes when it returns or throws.
    public nonisolated func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
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
