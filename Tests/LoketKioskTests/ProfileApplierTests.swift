import Foundation
import LoketKiosk
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Testing

/// The applier on its own replica: what it installs, what it refuses, and that a failed
/// install neither marks the profile installed nor reports twice.
@Suite struct ProfileApplierTests {
    let admin = SigningKeyFile(keyID: "admin-2026", privateKey: .init())

    func profile(_ version: Int) -> KioskProfile {
        KioskProfile(
            id: "library", version: version, expires: "2027-06-30T00:00:00Z",
            services: [
                AllowedService(name: "DigiD", category: "government", icon: "digid", urls: ["https://*.digid.nl/*"])
            ])
    }

    /// A replica set up as an enrolled terminal running profile `library`.
    func terminal(_ folder: TemporaryDirectory, clock: ManualWallClock) throws -> Replica {
        var configuration = ReplicaConfiguration()
        configuration.wallClock = clock
        let replica = try Replica(
            path: folder.path("t1.sqlite"), configuration: configuration, logger: TestLogging.silent)
        try replica.setSettings([
            "sync.terminal": "t1", "sync.scopes": "fleet branch:b1 terminal:t1",
            "kiosk.trust": String(decoding: try ProfileTrust(signers: [admin]).file(signedBy: [admin]), as: UTF8.self),
            "kiosk.assigned_profile": "library",
        ])
        return replica
    }

    func deliver(_ replica: Replica, _ bytes: [UInt8], version: Int) throws {
        try replica.put(
            "profiles", id: "library@fleet", scope: "fleet",
            RecordUpdate(set: [
                "kind": .string("profile"), "profile": .string("library"), "version": .int(Int64(version)),
                "document": .string(String(decoding: bytes, as: UTF8.self)),
            ]))
    }

    @Test("a failed install is reported once, leaves nothing marked installed, and is tried again")
    func failedInstall() throws {
        let folder = try TemporaryDirectory(prefix: "loket-applier")
        defer { folder.remove() }
        let clock = ManualWallClock(milliseconds: 1_790_000_000_000)  // 2026-09
        let replica = try terminal(folder, clock: clock)
        try deliver(replica, try SignedProfile.sign(profile(1), with: [admin]), version: 1)

        // The install root is a file: nothing can be written below it.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: folder.path("blocked")))
        let blocked = ProfileApplier(
            replica: replica, installer: ProfileInstaller(root: folder.path("blocked")), clock: clock,
            logger: TestLogging.silent)
        let failed = try blocked.apply()
        #expect(failed.map(\.result) == ["apply-failed"], "\(failed)")
        #expect(failed.first?.detail?.contains("blocked") == true)
        #expect(try replica.setting("kiosk.profile_version") == nil)
        let report = try #require(try replica.record("profile_reports", id: "t1/library"))
        #expect("\(report)".contains("apply-failed"))
        #expect(try blocked.apply().isEmpty, "tried again, not reported again")

        let root = folder.path("root")
        let working = ProfileApplier(
            replica: replica, installer: ProfileInstaller(root: root), clock: clock, logger: TestLogging.silent)
        #expect(try working.apply().map(\.result) == ["applied"])
        #expect(try replica.setting("kiosk.profile_version") == "1")
        let policy = try String(
            contentsOfFile: root + "/etc/chromium/policies/managed/loket-kiosk.json", encoding: .utf8)
        #expect(policy.contains("\"URLAllowlist\""))
        #expect(try working.apply().isEmpty, "nothing new")

        // An expired version is refused and reported; the installed one stays.
        var lapsed = profile(2)
        lapsed.expires = "2026-01-01T00:00:00Z"
        try deliver(replica, try SignedProfile.sign(lapsed, with: [admin]), version: 2)
        #expect(try working.apply().map(\.result) == ["expired"])
        #expect(try replica.setting("kiosk.profile_version") == "1")
    }

    @Test(
        "a trust rotation that drops the key of the installed profile stops it; a version from the new key starts again"
    )
    func revokedByRotation() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-applier-revoked")
        defer { folder.remove() }
        let clock = ManualWallClock(milliseconds: 1_790_000_000_000)  // 2026-09
        let replica = try terminal(folder, clock: clock)
        let applier = ProfileApplier(
            replica: replica, installer: ProfileInstaller(root: folder.path("root")), clock: clock,
            logger: TestLogging.silent)
        try deliver(replica, try SignedProfile.sign(profile(1), with: [admin]), version: 1)
        #expect(try applier.apply().map(\.result) == ["applied"])
        var configuration = KioskRuntimeConfiguration()
        configuration.sessionDirectory = folder.path("session")
        let runtime = try KioskRuntime(
            replica: replica, terminal: "t1", authority: nil, configuration: configuration, clock: clock,
            logger: TestLogging.silent)
        await runtime.afterSync()
        #expect(await runtime.controller.phase.name == "idle")

        // admin-2026's key was stolen: the admins rotate to a trust without it.
        let successor = SigningKeyFile(keyID: "admin-2027", privateKey: .init())
        let rotation = try ProfileTrust(version: 2, signers: [successor]).file(signedBy: [admin, successor])
        try replica.put(
            "profiles", id: "trust:2", scope: "fleet",
            RecordUpdate(set: [
                "kind": .string("trust"), "profile": .string(""), "version": .int(2),
                "document": .string(String(decoding: rotation, as: UTF8.self)),
            ]))
        let judged = try applier.apply()
        #expect(judged.map(\.result).sorted() == ["applied", "revoked"], "\(judged)")
        #expect(try replica.setting(KioskSettingKeys.installedRevoked)?.contains("trust version 2") == true)
        await runtime.afterSync()
        #expect(await runtime.controller.phase.name == "profile-invalid", "the stolen key's profile no longer runs")
        #expect(await runtime.health(expected: []).alerts == ["profile-invalid/library@1"])

        // The admins sign version 2 with the new key: it installs, and the terminal runs again.
        try deliver(replica, try SignedProfile.sign(profile(2), with: [successor]), version: 2)
        #expect(try applier.apply().map(\.result) == ["applied"])
        #expect(try replica.setting(KioskSettingKeys.installedRevoked) == nil)
        await runtime.afterSync()
        #expect(await runtime.controller.phase.name == "idle")
        #expect(await runtime.health(expected: []).alerts.isEmpty)
    }
}
