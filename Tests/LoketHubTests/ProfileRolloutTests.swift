import Foundation
import LoketHub
import LoketKiosk
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Testing

@testable import LoketSyncClient

/// Profiles reaching terminals through the sync engine, in rings, with reports and the
/// automatic rollback — a real hub on both stores, real replicas, the real applier
/// installing into a folder per terminal.
@Suite struct ProfileRolloutTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KioskProfiles/library-public-computer.yaml")

    /// The example profile as `library`, version `version`, starting at the canary ring.
    static func profile(_ version: Int, receiptPrinter: Bool = false) throws -> KioskProfile {
        var profile = try ProfileDocument.parse(String(contentsOf: example, encoding: .utf8), file: "example")
        profile.id = "library"
        profile.version = version
        profile.targeting = ProfileTargeting(branches: [], ring: "canary")
        profile.peripherals.receiptPrinter = receiptPrinter
        return profile
    }

    /// A terminal with its sync client, its applier and the folder it installs into.
    struct Kiosk {
        var name: String
        var client: SyncClient
        var applier: ProfileApplier
        var root: String

        /// Syncs, applies what arrived, and syncs again to hand the reports over.
        @discardableResult
        func round() async throws -> [ProfileJudgement] {
            try await client.sync()
            let judgements = try applier.apply()
            try await client.sync()
            return judgements
        }

        func installedVersion() throws -> Int? {
            try client.replica.setting("kiosk.profile_version").flatMap(Int.init)
        }

        func setting(_ key: String) throws -> String? { try client.replica.setting(key) }
    }

    static func kiosk(_ running: RunningHub, _ name: String, scopes: [String]) async throws -> Kiosk {
        let client = try await running.terminal(name, scopes: scopes + ["terminal:\(name)"])
        try client.replica.setSettings(["kiosk.assigned_profile": "library"])
        let root = running.folder.path("root-\(name)")
        // These terminals have no receipt printer: a profile that expects one is unhealthy.
        let applier = ProfileApplier(
            replica: client.replica, installer: ProfileInstaller(root: root), clock: running.clock,
            logger: TestLogging.silent, peripherals: { expected in !expected.receiptPrinter })
        return Kiosk(name: name, client: client, applier: applier, root: root)
    }

    static func code(_ body: () async throws -> Any) async -> String? {
        do {
            _ = try await body()
            return nil
        } catch let SyncError.hub(_, code, _) { return code } catch { return "\(error)" }
    }

    @Test(
        "rings widen in order, terminals apply and report, a bad version halts and the last good content comes back higher",
        arguments: StoreKind.allCases)
    func rollout(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let admin = try running.admin()
            let signer = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
            #expect(
                await Self.code { try await admin.pushProfile(SignedProfile.sign(Self.profile(1), with: [signer])) }
                    == "no-trust")
            let reissue = try await admin.reissueKey()
            #expect(try await admin.reissueKey() == reissue, "one reissue key, kept")
            let trust = ProfileTrust(signers: [signer], reissuers: [reissue.keyid: reissue.publicKey])
            _ = try await admin.setProfileTrust(try trust.file(signedBy: [signer]))

            let canary1 = try await Self.kiosk(running, "c1", scopes: ["fleet", "branch:b1", "ring:canary"])
            let canary2 = try await Self.kiosk(running, "c2", scopes: ["fleet", "branch:b2", "ring:canary"])
            let branch1 = try await Self.kiosk(running, "t3", scopes: ["fleet", "branch:b1"])
            let other = try await Self.kiosk(running, "t4", scopes: ["fleet", "branch:b2"])
            let all = [canary1, canary2, branch1, other]

            // Version 1, canary first.
            let v1 = try SignedProfile.sign(Self.profile(1), with: [signer])
            var status = try await admin.pushProfile(v1)
            #expect(status.state == "pushed" && status.versions == [1] && status.automaticRollback)
            #expect(try await admin.pushProfile(v1) == status, "pushing the same version again changes nothing")
            #expect(await Self.code { try await admin.rollout("library", RolloutOrder(ring: "all")) } == "ring-order")
            #expect(
                await Self.code { try await admin.rollout("library", RolloutOrder(ring: "sideways")) } == "bad-ring")
            status = try await admin.rollout("library", RolloutOrder(ring: "canary"))
            #expect(status.state == "rolling" && status.current == 1)
            for kiosk in all { try await kiosk.round() }
            #expect(try canary1.installedVersion() == 1 && canary2.installedVersion() == 1)
            #expect(try branch1.installedVersion() == nil && other.installedVersion() == nil, "not in the ring yet")
            let policy = canary1.root + "/etc/chromium/policies/managed/loket-kiosk.json"
            let policyV1 = try String(contentsOfFile: policy, encoding: .utf8)
            #expect(policyV1.contains("URLAllowlist"))
            #expect(FileManager.default.fileExists(atPath: canary1.root + "/etc/systemd/system/loket-kiosk.service"))
            #expect(FileManager.default.fileExists(atPath: canary1.root + "/etc/pam.d/loket-kiosk"))
            #expect(try canary1.setting("kiosk.session.idle_timeout_s") != nil)
            status = try await admin.profileStatuses("library")[0]
            #expect(status.rings.map(\.ring) == ["canary"])
            #expect(status.rings[0].terminals == 2 && status.rings[0].healthy == 2 && status.rings[0].waiting == 0)

            status = try await admin.rollout("library", RolloutOrder(ring: "branch:b1"))
            status = try await admin.rollout("library", RolloutOrder(ring: "all"))
            for kiosk in all { try await kiosk.round() }
            #expect(try all.map { try $0.installedVersion() } == [1, 1, 1, 1])
            #expect(status.rings.map(\.ring) == ["canary", "branch:b1", "all"])

            // Version 2 expects a receipt printer the terminals do not have.
            clock.advance(by: 60_000)
            let v2 = try SignedProfile.sign(Self.profile(2, receiptPrinter: true), with: [signer])
            _ = try await admin.pushProfile(v2)
            var changed = try Self.profile(1)
            changed.session.idleTimeout = 600
            #expect(
                await Self.code { try await admin.pushProfile(SignedProfile.sign(changed, with: [signer])) }
                    == "not-newer", "a changed version 1 is refused")
            _ = try await admin.rollout("library", RolloutOrder(ring: "canary"))
            for kiosk in [canary1, canary2] { try await kiosk.round() }
            status = try await admin.profileStatuses("library")[0]
            #expect(status.state == "halted" && status.haltedVersion == 2, "\(status)")
            #expect(status.reissuedVersion == 3 && status.reissues == ["3": 1], "\(status)")
            // The first unhealthy report is 1 of the ring's 2 terminals: more than 20 %.
            #expect(status.haltReason?.contains("1 of 2 terminals in ring canary") == true, "\(status)")
            #expect(
                await Self.code { try await admin.rollout("library", RolloutOrder(ring: "branch:b1")) }
                    == "rollout-halted")

            // The canaries get version 3 with version 1's content; versions only went up.
            for kiosk in all { try await kiosk.round() }
            #expect(try canary1.installedVersion() == 3 && canary2.installedVersion() == 3)
            #expect(try canary1.setting("kiosk.peripherals.receipt_printer") == "false")
            #expect(try String(contentsOfFile: policy, encoding: .utf8) == policyV1)
            #expect(try branch1.installedVersion() == 1 && other.installedVersion() == 1, "never sent version 2")
            status = try await admin.profileStatuses("library")[0]
            let reissued = try #require(status.rings.first { $0.version == 3 })
            #expect(reissued.ring == "canary" && reissued.healthy == 2)

            // The next version goes above the reissue, and on.
            #expect(
                await Self.code { try await admin.pushProfile(SignedProfile.sign(Self.profile(3), with: [signer])) }
                    == "not-newer")
            _ = try await admin.pushProfile(SignedProfile.sign(Self.profile(4), with: [signer]))
            status = try await admin.rollout("library", RolloutOrder(ring: "canary"))
            #expect(status.state == "rolling" && status.current == 4)
            for kiosk in all { try await kiosk.round() }
            #expect(try canary1.installedVersion() == 4 && branch1.installedVersion() == 1)

            // An admin may roll back by hand: version 4 halts, version 1's content returns as 5.
            status = try await admin.rollback("library")
            #expect(status.state == "halted" && status.haltedVersion == 4 && status.reissuedVersion == 5)
            #expect(status.reissues["5"] == 1, "the last good is version 3, which carries version 1")
            for kiosk in all { try await kiosk.round() }
            #expect(try canary1.installedVersion() == 5)
            #expect(await Self.code { try await admin.rollback("library") } == "nothing-to-roll-back")

            for kiosk in all { try await kiosk.client.shutdown() }
            try await admin.shutdown()
        }
    }

    @Test(
        "terminals refuse and report what they must not apply; a rotated trust reaches them through sync",
        arguments: StoreKind.allCases)
    func refusalsAndRotation(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let admin = try running.admin()
            let old = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
            let new = SigningKeyFile(keyID: "admin-2027", privateKey: .init())
            _ = try await admin.setProfileTrust(try ProfileTrust(signers: [old]).file(signedBy: [old]))
            let kiosk = try await Self.kiosk(running, "c1", scopes: ["fleet", "branch:b1", "ring:canary"])

            // A terminal cannot write the profiles collection: the hub refuses the change.
            let forged = try SignedProfile.sign(Self.profile(9), with: [new])
            try kiosk.client.replica.put(
                "profiles", id: "library@ring:canary", scope: "ring:canary",
                RecordUpdate(set: [
                    "kind": .string("profile"), "profile": .string("library"), "version": .int(9),
                    "document": .string(String(decoding: forged, as: UTF8.self)),
                ]))
            let report = try await kiosk.client.sync()
            #expect(report.refusedChanges == 5, "\(report)")
            #expect(try kiosk.client.replica.quarantine().allSatisfy { $0.reasonCode == "hub-owned-collection" })

            // The terminal refuses the forged document (here written into its own replica)
            // and the refusal reaches the hub.
            let judgements = try kiosk.applier.apply()
            #expect(
                judgements == [
                    ProfileJudgement(
                        profile: "library", version: 9, result: "untrusted-key", detail: judgements.first?.detail)
                ])
            #expect(try kiosk.applier.apply().isEmpty, "judged once, reported once")
            try await kiosk.client.sync()
            let held = try #require(try await running.hub.store.document(named: "report/library/c1"))
            let text = String(decoding: held, as: UTF8.self)
            #expect(text.contains("\"result\":\"untrusted-key\"") && text.contains("\"version\":9"), "\(text)")
            #expect(try kiosk.installedVersion() == nil)

            // The admins rotate their key; the terminal follows through sync and then
            // accepts a profile signed by the new key only. (The hub's records come
            // later than the terminal's own write above.)
            clock.advance(by: 1_000)
            _ = try await admin.setProfileTrust(
                try ProfileTrust(version: 2, signers: [new]).file(signedBy: [old, new]))
            _ = try await admin.pushProfile(SignedProfile.sign(Self.profile(10), with: [new]))
            _ = try await admin.rollout("library", RolloutOrder(ring: "canary"))
            let applied = try await kiosk.round()
            #expect(applied.map(\.result) == ["applied", "applied"], "\(applied)")
            #expect(try ProfileTrust(file: Array((kiosk.setting("kiosk.trust") ?? "").utf8)).version == 2)
            #expect(try kiosk.installedVersion() == 10)

            // A version for another branch is refused and reported, and does not count
            // against the rollout: this terminal is not one it targets.
            var elsewhere = try Self.profile(11)
            elsewhere.targeting.branches = ["b9"]
            _ = try await admin.pushProfile(SignedProfile.sign(elsewhere, with: [new]))
            _ = try await admin.rollout("library", RolloutOrder(ring: "canary"))
            #expect(try await kiosk.round().map(\.result) == ["other-branch"])
            let status = try await admin.profileStatuses("library")[0]
            #expect(status.state == "rolling" && status.rings.last?.terminals == 0, "\(status)")
            #expect(try kiosk.installedVersion() == 10)

            // A record that goes backwards is a rollback attempt: refused and reported.
            try kiosk.client.replica.put(
                "profiles", id: "library@ring:canary",
                RecordUpdate(set: ["version": .int(1)]))
            let back = try kiosk.applier.apply()
            #expect(back.map(\.result) == ["not-newer"], "\(back)")
            #expect(try kiosk.installedVersion() == 10)

            try await kiosk.client.shutdown()
            try await admin.shutdown()
        }
    }
}
