public import ServiceLifecycle

/// Keeps the print queue moving, as a `Service`: every few seconds sends the released
/// jobs a printer was away for, asks the printer how its jobs are doing, and cancels the
/// cards' held jobs whose wait ran out. Stops on shutdown.
public struct PrintUpkeep: Service {
    let queue: PrintQueue
    let sleep: @Sendable () async throws -> Void

    /// - Parameter sleep: waits until the next round (5 seconds; tests pass their own).
    public init(
        queue: PrintQueue,
        sleep: @escaping @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(5)) }
    ) {
        self.queue = queue
        self.sleep = sleep
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await queue.dispatch()
            await queue.poll()
            do { try queue.expire() } catch {
                queue.logger.error("expired print jobs could not be cancelled", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await sleep() } } catch { break }
        }
    }
}
