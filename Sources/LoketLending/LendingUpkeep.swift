public import ServiceLifecycle

/// Keeps the lending desk's books, as a `Service`: at start and then every hour, purges
/// history past its retention period, queues reminders for overdue loans and sends the
/// e-mails among them. Stops on shutdown.
public struct LendingUpkeep: Service {
    let desk: LendingDesk
    let sender: (any NoticeSender)?
    let sleep: @Sendable () async throws -> Void

    /// - Parameters:
    ///   - sender: where reminder e-mails go; `nil` keeps them queued.
    ///   - sleep: waits until the next round (an hour; tests pass their own).
    public init(
        desk: LendingDesk, sender: (any NoticeSender)? = nil,
        sleep: @escaping @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(3600)) }
    ) {
        self.desk = desk
        self.sender = sender
        self.sleep = sleep
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do { try desk.purgeHistory() } catch {
                desk.logger.error("purging old loan history failed", metadata: ["error": "\(error)"])
            }
            do {
                try desk.queueReminders()
                if let sender { try await desk.sendReminders(with: sender) }
            } catch {
                desk.logger.error("reminders could not be queued or sent", metadata: ["error": "\(error)"])
            }
            do { try await cancelWhenGracefulShutdown { try await sleep() } } catch { break }
        }
    }
}
