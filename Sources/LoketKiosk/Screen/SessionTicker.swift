public import ServiceLifecycle

/// Ticks the visitor's session every second, and hands the effects to the screen; stops
/// on shutdown. The countdown runs here, on the terminal's clock: nothing waits for the
/// network.
public struct SessionTicker: Service {
    let screen: KioskScreen
    let controller: SessionController
    let sleep: @Sendable () async throws -> Void

    /// - Parameter sleep: waits until the next tick (a second; tests pass their own).
    public init(
        screen: KioskScreen, controller: SessionController,
        sleep: @escaping @Sendable () async throws -> Void = { try await Task.sleep(for: .seconds(1)) }
    ) {
        self.screen = screen
        self.controller = controller
        self.sleep = sleep
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await screen.take(await controller.handle(.tick))
            do { try await cancelWhenGracefulShutdown { try await sleep() } } catch { break }
        }
    }
}
