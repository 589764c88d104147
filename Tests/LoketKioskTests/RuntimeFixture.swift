import Foundation
import LoketKiosk
import LoketStore
import LoketSync
import LoketTesting

/// A terminal's replica on a manual clock in a temporary folder, with a profile installed
/// as the applier installs it (its canonical form), and the kiosk runtime's configuration
/// pointing into the folder: what the runtime's tests start from.
struct RuntimeFixture {
    let folder: TemporaryDirectory
    let clock = ManualWallClock()
    let replica: Replica
    let profile: KioskProfile
    var configuration = KioskRuntimeConfiguration()

    /// - Parameter profile: the profile's YAML; it must validate.
    init(prefix: String, profile yaml: String) throws {
        folder = try TemporaryDirectory(prefix: prefix)
        var replicaConfiguration = ReplicaConfiguration()
        replicaConfiguration.wallClock = clock
        replica = try Replica(
            path: folder.path("t.sqlite"), configuration: replicaConfiguration, logger: TestLogging.silent)
        profile = try ProfileDocument.parse(yaml)
        try replica.setSettings([
            KioskSettingKeys.installedDocument: String(decoding: try CanonicalJSON.encode(profile), as: UTF8.self),
            KioskSettingKeys.installedDigest: "v1",
        ])
        configuration.sessionDirectory = folder.path("session")
        configuration.printing.spoolDirectory = folder.path("spool")
    }

    /// The runtime over the replica; its log goes to `log` (or nowhere).
    func runtime(log: CapturedLog? = nil) throws -> KioskRuntime {
        try KioskRuntime(
            replica: replica, terminal: "t1", authority: nil, configuration: configuration, clock: clock,
            logger: log?.logger ?? TestLogging.silent)
    }
}
