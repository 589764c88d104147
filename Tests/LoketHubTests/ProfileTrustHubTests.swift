import Foundation
import LoketHub
import LoketKiosk
import LoketProtocol
import LoketStore
import LoketSync
import LoketTesting
import Testing

@testable import LoketSyncClient

/// The fleet's profile trust: set by an admin at the hub, rotated only validly, handed to
/// terminals at enrolment.
@Suite struct ProfileTrustHubTests {
    @Test(
        "an admin sets the trust, a terminal receives it at enrolment, only a valid rotation replaces it",
        arguments: StoreKind.allCases)
    func trustAtEnrolment(store: StoreKind) async throws {
        try await withHub(store) { running in
            let admin = try running.admin()
            let signer2026 = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
            let first = try ProfileTrust(signers: [signer2026]).file(signedBy: [signer2026])
            let receipt = try await admin.setProfileTrust(first)
            #expect(receipt == ProfileTrustReceipt(version: 1, keys: ["admin-2026"], threshold: 1, reissuers: []))
            #expect(try await admin.setProfileTrust(first) == receipt, "the same file again is answered the same")

            let terminal = try await running.terminal("t1", scopes: ["branch:b"])
            let stored = try terminal.replica.setting("kiosk.trust")
            #expect(stored.map { Array($0.utf8) } == first, "the terminal keeps the trust it was given")
            let trust = try ProfileTrust(file: Array((stored ?? "").utf8))
            #expect(trust.version == 1)

            func refusal(_ body: [UInt8]) async -> String? {
                do {
                    _ = try await admin.setProfileTrust(body)
                    return nil
                } catch let SyncError.hub(_, code, _) { return code } catch { return "\(error)" }
            }
            let signer2027 = SigningKeyFile(keyID: "admin-2027", privateKey: .init())
            // Not signed by the keys the hub holds.
            let thief = try ProfileTrust(version: 2, signers: [signer2027]).file(signedBy: [signer2027])
            #expect(await refusal(thief) == "trust-rotation-refused")
            // Skipping a version.
            let skipping = try ProfileTrust(version: 3, signers: [signer2027]).file(signedBy: [signer2026, signer2027])
            #expect(await refusal(skipping) == "trust-rotation-refused")
            #expect(await refusal(Array("{\"not\":\"a trust file\"}".utf8)) == "bad-trust")
            // The valid rotation.
            let rotation = try ProfileTrust(version: 2, signers: [signer2027]).file(signedBy: [signer2026, signer2027])
            #expect(try await admin.setProfileTrust(rotation).version == 2)
            let later = try await running.terminal("t2", scopes: ["branch:b"])
            #expect(try later.replica.setting("kiosk.trust").map { Array($0.utf8) } == rotation)

            // A terminal may not set it.
            let now = Int64(running.clock.nowMilliseconds())
            let key = SigningKeyFile(keyID: "t1", privateKey: terminal.identity.privateKey)
            let forbidden = try await RawHTTP.send(
                running.url, "PUT", "/v1/admin/profile-trust",
                headers: try RawHTTP.signedHeaders(
                    "PUT", "/v1/admin/profile-trust", body: rotation, host: running.host, principal: "terminal:t1",
                    key: key, time: now)
                    + [("Content-Type", "application/json")], body: rotation)
            #expect(forbidden.status == 403 && forbidden.error?.error == "admin-only")
            try await terminal.shutdown()
            try await later.shutdown()
            try await admin.shutdown()
        }
    }
}

extension ProfileTrustHubTests {
    /// Enrols `replica` with `code`; answers the refusal's words, `nil` when enrolled.
    static func refusal(_ running: RunningHub, _ replica: Replica, code: String) async -> String? {
        do {
            _ = try await SyncClient.enrol(
                replica: replica, hub: running.url, code: code, configuration: SyncConfiguration(),
                clock: running.clock, logger: TestLogging.silent)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "the trust is pinned by the code: a hub cannot answer another trust, nor an older one on re-enrolment",
        arguments: StoreKind.allCases)
    func trustIsPinned(store: StoreKind) async throws {
        try await withHub(store) { running in
            let admin = try running.admin()
            let signer2026 = SigningKeyFile(keyID: "admin-2026", privateKey: .init())
            let first = try ProfileTrust(signers: [signer2026]).file(signedBy: [signer2026])
            _ = try await admin.setProfileTrust(first)
            let replica = try Replica(path: running.folder.path("pinned.sqlite"), logger: TestLogging.silent)

            // The code as printed carries the trust's fingerprint.
            var ticket = try await admin.order(EnrolmentOrder(terminal: "t1", scopes: ["branch:b"]))
            #expect(ticket.trustFingerprint == RequestSignature.digest(first))
            #expect(ticket.pinnedCode.hasSuffix("+" + RequestSignature.digest(first).prefix(16).uppercased()))
            // Without the pin, or with another trust's, the answer's trust is not taken.
            let bare = await Self.refusal(running, replica, code: ticket.code)
            #expect(bare?.contains("does not vouch for") == true, "\(bare ?? "enrolled")")
            ticket = try await admin.order(EnrolmentOrder(terminal: "t1", scopes: ["branch:b"]))
            let wrong = await Self.refusal(running, replica, code: ticket.code + "+0123456789ABCDEF")
            #expect(wrong?.contains("is not the one the code names") == true, "\(wrong ?? "enrolled")")
            #expect(try replica.setting("kiosk.trust") == nil, "nothing of a refused answer is kept")

            ticket = try await admin.order(EnrolmentOrder(terminal: "t1", scopes: ["branch:b"]))
            #expect(await Self.refusal(running, replica, code: ticket.pinnedCode) == nil)
            #expect(try replica.setting("kiosk.trust").map { Array($0.utf8) } == first)

            // The trust rotates to version 2; the terminal is enrolled anew and holds it.
            let signer2027 = SigningKeyFile(keyID: "admin-2027", privateKey: .init())
            let second = try ProfileTrust(version: 2, signers: [signer2027]).file(signedBy: [signer2026, signer2027])
            _ = try await admin.setProfileTrust(second)
            ticket = try await admin.order(EnrolmentOrder(terminal: "t1", scopes: ["branch:b"]))
            #expect(await Self.refusal(running, replica, code: ticket.pinnedCode) == nil)
            #expect(try replica.setting("kiosk.trust").map { Array($0.utf8) } == second)

            // A hub put back to version 1 (an old backup, or one broken into) cannot lower it,
            // even with a code that names version 1.
            #expect(
                try await running.hub.store.replaceDocument(named: "profile-trust", with: first, expected: second))
            ticket = try await admin.order(EnrolmentOrder(terminal: "t1", scopes: ["branch:b"]))
            let older = await Self.refusal(running, replica, code: ticket.pinnedCode)
            #expect(older?.contains("older than version 2") == true, "\(older ?? "enrolled")")
            #expect(try replica.setting("kiosk.trust").map { Array($0.utf8) } == second)

            // Nor to none: enrolled at a hub that holds no trust, the terminal keeps its own.
            try await withHub(.sqlite) { bare in
                let code = try await bare.admin().order(EnrolmentOrder(terminal: "t1", scopes: ["branch:b"]))
                #expect(code.trustFingerprint == nil)
                #expect(await Self.refusal(bare, replica, code: code.pinnedCode) == nil)
            }
            #expect(try replica.setting("kiosk.trust").map { Array($0.utf8) } == second, "the trust is kept")
        }
    }
}
