public import Logging
import Synchronization

/// The terminal's live device list: what udev reported (enumerated at the start, then each
/// hot-plug event), matched against the catalog. A device the catalog does not know is
/// ignored with one log line. Safe to read from any thread (the profile applier asks it
/// whether the devices a profile expects are there).
public final class DeviceRegistry: Sendable {
    public let catalog: HardwareCatalog
    let logger: Logger
    let state = Mutex(State())

    struct State {
        var present: [String: UdevDevice] = [:]
        var ignored: Set<String> = []
        var loaded = false
    }

    /// What a change did, for the caller's alerts and log.
    public enum Change: Sendable, Equatable {
        case added(KnownDevice)
        case removed(KnownDevice)
        /// Not in the catalog: ignored (reported once per device).
        case ignored(UdevDevice)
        /// Nothing changed (an event repeated, an unknown device again).
        case none
    }

    public init(catalog: HardwareCatalog, logger: Logger) {
        self.catalog = catalog
        self.logger = logger
    }

    /// Takes the devices present now (the enumeration at the start); answers the changes.
    @discardableResult
    public func load(_ devices: [UdevDevice]) -> [Change] {
        defer { state.withLock { $0.loaded = true } }
        return devices.map { apply(.added($0)) }
    }

    /// Whether the devices present were taken yet: until then nothing is known.
    public var isLoaded: Bool { state.withLock { $0.loaded } }

    /// Takes a hot-plug event; answers what it changed.
    @discardableResult
    public func apply(_ event: DeviceEvent) -> Change {
        switch event {
        case .added(let device):
            guard let id = device.id, let entry = catalog.entry(id) else {
                let first = state.withLock { $0.ignored.insert(device.sysPath).inserted }
                guard first else { return .none }
                logger.info(
                    "a device not in the hardware catalog is ignored",
                    metadata: ["id": "\(device.id?.description ?? "none")", "sysfs": "\(device.sysPath)"])
                return .ignored(device)
            }
            let new = state.withLock { $0.present.updateValue(device, forKey: device.sysPath) == nil }
            guard new else { return .none }
            logger.notice(
                "device plugged in",
                metadata: ["device": "\(entry.name)", "kind": "\(entry.kind.rawValue)", "id": "\(id)"])
            return .added(KnownDevice(device: device, entry: entry))
        case .removed(let device):
            let gone = state.withLock { state -> UdevDevice? in
                state.ignored.remove(device.sysPath)
                return state.present.removeValue(forKey: device.sysPath)
            }
            guard let gone, let id = gone.id, let entry = catalog.entry(id) else { return .none }
            logger.notice(
                "device pulled out",
                metadata: ["device": "\(entry.name)", "kind": "\(entry.kind.rawValue)", "id": "\(id)"])
            return .removed(KnownDevice(device: gone, entry: entry))
        }
    }

    /// The known devices present, by place.
    public var known: [KnownDevice] {
        state.withLock { state in
            state.present.values.sorted { $0.sysPath < $1.sysPath }.compactMap { device in
                device.id.flatMap { catalog.entry($0) }.map { KnownDevice(device: device, entry: $0) }
            }
        }
    }

    /// Of `expected`, the kinds with no device present.
    public func missing(_ expected: Set<DeviceKind>) -> Set<DeviceKind> {
        expected.subtracting(known.map(\.entry.kind))
    }
}
