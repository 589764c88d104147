import Foundation
public import LoketProtocol

extension KioskRuntime {
    /// The kiosk's part of the terminal's health report (the sync client adds its own):
    /// where the visitor session is, the profile applied, the disk, the expected devices
    /// (`present` says which kinds are plugged in), the printer, the alerts up. No visitor
    /// data: states and counts only.
    public func health(expected devices: [(kind: String, present: Bool)]) async -> HealthReport {
        var peripherals = devices.map {
            HealthReport.Peripheral(kind: $0.kind, state: $0.present ? "ok" : "missing")
        }
        if let printer = await printQueue.printerHealth() {
            peripherals.append(.init(kind: "printer", state: printer.state, detail: printer.detail))
        }
        let profile = InstalledProfile.read(replica).map { "\($0.id)@\($0.version)" }
        return HealthReport(
            reportedAtMilliseconds: 0, agentVersion: LoketVersion.current,
            sessionState: await controller.phase.name, profile: profile,
            diskFreePercent: Self.freePercent(of: replica.path), peripherals: peripherals,
            alerts: (try? replica.raisedAlerts()) ?? [])
    }

    /// Free space on the file system holding `path`, percent of its size.
    static func freePercent(of path: String) -> Int? {
        let folder = (path as NSString).deletingLastPathComponent
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: folder.isEmpty ? "." : folder),
            let size = (attributes[.systemSize] as? NSNumber)?.doubleValue,
            let free = (attributes[.systemFreeSize] as? NSNumber)?.doubleValue, size > 0
        else { return nil }
        return Int((free / size * 100).rounded(.down))
    }
}
