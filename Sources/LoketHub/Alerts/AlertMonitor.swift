public import Logging
public import ServiceLifecycle

/// The hub's alert check as a `Service`: every ``HubConfiguration/alertCheckIntervalSeconds``
/// it draws every terminal's alerts (``Hub/checkAlerts(notifiers:)``) and sends what is new
/// to the notifiers. Every hub process may run one: the alerts' documents change by
/// compare-and-set, so an alert is raised once; a notice may, rarely, go out twice.
public struct AlertMonitor: Service {
    let hub: Hub
    let notifiers: [any AlertNotifier]
    let logger: Logger
    let sleep: @Sendable (Double) async throws -> Void

    public init(
        hub: Hub, notifiers: [any AlertNotifier], logger: Logger,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.hub = hub
        self.notifiers = notifiers
        self.logger = logger
        self.sleep = sleep
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let check = try await hub.checkAlerts(notifiers: notifiers)
                if check.noticesFailed > 0 {
                    logger.warning(
                        "alert notices not sent; they are tried again", metadata: ["failed": "\(check.noticesFailed)"])
                }
            } catch {
                logger.error("the alert check failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await sleep(Double(hub.configuration.alertCheckIntervalSeconds))
                }
            } catch { break }
        }
    }
}
