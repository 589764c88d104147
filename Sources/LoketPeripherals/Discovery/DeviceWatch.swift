import Foundation
public import Logging
public import LoketStore
public import LoketSync
public import ServiceLifecycle

/// The agent's watch on its devices, as a `Service`: starts udev's monitor, takes the
/// devices present, then every hot-plug event as it comes (no polling), keeping the
/// ``DeviceRegistry`` current. A kind of device the profile expects that is missing raises
/// an alert for the fleet (`alerts`, `device-missing/<kind>`), cleared when one is back.
/// Stops on graceful shutdown.
public struct DeviceWatch: Service {
    public let registry: DeviceRegistry
    let expected: @Sendable () -> Set<DeviceKind>
    let replica: Replica?
    let terminal: String
    let clock: any WallClock
    let logger: Logger
    let onChange: @Sendable (DeviceRegistry.Change) async -> Void
    let waitWhenUdevFails: Bool

    /// - Parameters:
    ///   - expected: the kinds of device the installed profile expects (read at each change).
    ///   - replica: where alerts go; `nil` raises none (`loket devices watch`).
    ///   - onChange: told every change, after the registry took it.
    ///   - waitWhenUdevFails: when udev cannot be asked, log it and wait for shutdown (the
    ///     agent: the rest goes on) rather than throw ``DiscoveryError`` (a command).
    public init(
        registry: DeviceRegistry, expected: @escaping @Sendable () -> Set<DeviceKind>, replica: Replica?,
        terminal: String, clock: any WallClock, logger: Logger, waitWhenUdevFails: Bool = true,
        onChange: @escaping @Sendable (DeviceRegistry.Change) async -> Void = { _ in }
    ) {
        self.waitWhenUdevFails = waitWhenUdevFails
        self.registry = registry
        self.expected = expected
        self.replica = replica
        self.terminal = terminal
        self.clock = clock
        self.logger = logger
        self.onChange = onChange
    }

    /// Watches until graceful shutdown. When udev cannot be asked (no `/sys`, no udev), it
    /// throws — or, with `waitWhenUdevFails`, says so once in the log and waits for
    /// shutdown, so the rest of the agent goes on.
    public func run() async throws {
        // The monitor first, then the enumeration: a device plugged in between is seen twice
        // at most (the registry takes it once), never missed.
        let monitor: UdevMonitor
        let present: [UdevDevice]
        do {
            monitor = try UdevMonitor()
            present = try Udev.usbDevices()
        } catch {
            guard waitWhenUdevFails else { throw error }
            logger.error("devices are not watched: udev cannot be asked", metadata: ["error": "\(error)"])
            try? await gracefulShutdown()
            return
        }
        defer { monitor.stop() }
        for change in registry.load(present) { await onChange(change) }
        checkExpected()
        await cancelWhenGracefulShutdown {
            for await event in monitor.events {
                let change = registry.apply(event)
                await onChange(change)
                if change != .none { checkExpected() }
            }
        }
    }

    /// Raises an alert for each expected kind that is missing; clears those that are back.
    public func checkExpected() {
        // Before udev answered, nothing is known missing.
        guard let replica, registry.isLoaded else { return }
        let expected = self.expected()
        let missing = registry.missing(expected)
        let now = Int64(clamping: clock.nowMilliseconds())
        for kind in DeviceKind.allCases {
            do {
                if missing.contains(kind) {
                    if try replica.raiseAlert(
                        "device-missing", subject: kind.rawValue,
                        detail: "the profile expects a \(kind.rawValue); none is plugged in", terminal: terminal,
                        at: now)
                    {
                        logger.error("an expected device is missing", metadata: ["kind": "\(kind.rawValue)"])
                    }
                } else if try replica.clearAlert("device-missing", subject: kind.rawValue, at: now) {
                    logger.notice("an expected device is back", metadata: ["kind": "\(kind.rawValue)"])
                }
            } catch {
                logger.error("the device alert could not be written", metadata: ["error": "\(error)"])
            }
        }
    }
}
