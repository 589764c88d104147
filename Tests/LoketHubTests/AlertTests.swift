import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// The fleet's alerts: a terminal's health reports and its silence become alerts at the
/// hub, shown in the API by role and branch, and sent once each way through the webhook
/// and the mail drop — a notifier that is down gets them later, none lost.
@Suite struct AlertTests {
    @Test("AlertRules: each kind from its cause, none from a healthy terminal")
    func rules() {
        let rules = AlertRules()
        let now: Int64 = 10_000_000
        var health = HealthReport(reportedAtMilliseconds: now, agentVersion: "t", sessionState: "idle")
        #expect(rules.conditions(lastSeenMilliseconds: now - 60_000, health: health, now: now).isEmpty)
        health.sessionState = "out-of-order"
        health.outboxEntries = 12
        health.outboxOldestSeconds = 601
        health.diskFreePercent = 9
        health.alerts = ["device-missing/nfc-reader"]
        health.peripherals = [.init(kind: "printer", state: "offline", detail: "cannot be reached")]
        let found = rules.conditions(lastSeenMilliseconds: now - 901_000, health: health, now: now)
        #expect(
            found.map(\.kind) == [
                "terminal-offline", "wipe-failed", "sync-lag", "device-missing", "printer-offline", "disk-filling",
            ])
        #expect(found[0].detail == "not heard from for 15 minutes")
        #expect(found[2].detail == "12 changes wait to reach the hub, the oldest for 10 minutes")
        #expect(found[3].subject == "nfc-reader")
        #expect(found[4].detail == "the printer does not take jobs: cannot be reached")
        health.outboxOldestSeconds = 600
        health.diskFreePercent = 10
        #expect(
            !rules.conditions(lastSeenMilliseconds: now, health: health, now: now).map(\.kind).contains("sync-lag"))
    }

    @Test(
        "health reports and silence raise alerts; the API shows them by branch; notices go out once, late ones too",
        arguments: StoreKind.allCases)
    func alertsThroughTheHub(store: StoreKind) async throws {
        let clock = ManualWallClock()
        let receiver = try await WebhookReceiver()
        defer { Task { await receiver.stop() } }
        try await withHub(store, clock: clock) { running in
            let mail = running.folder.path("alert-mail")
            let notifiers: [any AlertNotifier] = [
                try WebhookNotifier(url: receiver.url),
                MailDropNotifier(folder: mail, from: "loket@bieb.example", to: "ict@bieb.example"),
            ]
            let north = try await running.terminal("noord-01", scopes: ["branch:noord", "terminal:noord-01"])
            let south = try await running.terminal("zuid-01", scopes: ["branch:zuid", "terminal:zuid-01"])
            _ = try await north.sync()
            _ = try await south.sync()
            #expect(try await running.hub.checkAlerts(notifiers: notifiers) == AlertCheck())

            // The north terminal: a failed wipe, no card reader, the printer off, the disk
            // nearly full, and a change that waits for eleven minutes.
            try north.replica.put("devices", id: "x", scope: "branch:noord", RecordUpdate(set: ["model": .string("m")]))
            clock.advance(by: 11 * 60_000)
            try await north.reportHealth(
                HealthReport(
                    reportedAtMilliseconds: 0, agentVersion: "t", sessionState: "out-of-order", diskFreePercent: 4,
                    peripherals: [.init(kind: "printer", state: "offline", detail: "cannot be reached")],
                    alerts: ["device-missing/nfc-reader"]))
            try await south.reportHealth(
                HealthReport(reportedAtMilliseconds: 0, agentVersion: "t", sessionState: "idle"))
            receiver.fail(true)
            var check = try await running.hub.checkAlerts(notifiers: notifiers)
            #expect(check.raised == 5 && check.noticesSent == 0 && check.noticesFailed == 5, "\(check)")
            // The webhook back: the five raises go out now, once.
            receiver.fail(false)
            check = try await running.hub.checkAlerts(notifiers: notifiers)
            #expect(check.raised == 0 && check.noticesSent == 5 && check.noticesFailed == 0, "\(check)")
            #expect(try await running.hub.checkAlerts(notifiers: notifiers).noticesSent == 0)
            let notices = try receiver.bodies.map { try JSONDecoder().decode(AlertNotice.self, from: Data($0)) }
            #expect(
                Set(notices.map(\.alert.kind)) == [
                    "wipe-failed", "sync-lag", "device-missing", "printer-offline", "disk-filling",
                ])
            #expect(
                notices.allSatisfy {
                    $0.event == .raised && $0.alert.terminal == "noord-01" && $0.alert.branch == "noord"
                })
            let mails = try FileManager.default.contentsOfDirectory(atPath: mail).filter { $0.hasSuffix(".eml") }
            #expect(mails.count == 5, "\(mails)")
            let letter = try String(contentsOfFile: mail + "/" + mails.sorted()[0], encoding: .utf8)
            #expect(letter.contains("To: ict@bieb.example") && letter.contains("Terminal: noord-01"))

            // The API: the admin sees them; staff of zuid none; staff of noord theirs.
            let admin = try running.admin()
            let open = try JSONDecoder().decode([FleetAlert].self, from: Data(try await admin.alerts().utf8))
            #expect(open.count == 5)
            let (anna, bram) = (
                SigningKeyFile(keyID: "anna", privateKey: .init()), SigningKeyFile(keyID: "bram", privateKey: .init())
            )
            try await running.hub.store.addKey(
                KeyRecord(keyID: "anna", role: .staff, branch: "noord", publicKey: anna.publicKeyBase64))
            try await running.hub.store.addKey(
                KeyRecord(keyID: "bram", role: .staff, branch: "zuid", publicKey: bram.publicKeyBase64))
            let northStaff = try AdminClient(
                hub: running.url, key: anna, configuration: SyncConfiguration(), clock: clock)
            let southStaff = try AdminClient(
                hub: running.url, key: bram, configuration: SyncConfiguration(), clock: clock)
            defer {
                Task {
                    try? await northStaff.shutdown(); try? await southStaff.shutdown()
                }
            }
            #expect(try await southStaff.alerts() == "[]")
            let theirs = try JSONDecoder().decode([FleetAlert].self, from: Data(try await northStaff.alerts().utf8))
            #expect(theirs.count == 5)
            let wipe = try #require(theirs.first { $0.kind == "wipe-failed" })
            await #expect(throws: SyncError.self) { try await southStaff.acknowledgeAlert(wipe.id) }
            let seen = try JSONDecoder().decode(
                FleetAlert.self, from: Data(try await northStaff.acknowledgeAlert(wipe.id).utf8))
            #expect(seen.acknowledgedBy == "key:anna" && seen.isOpen)
            let audit = try await running.hub.auditLog().entries
            #expect(
                audit.contains {
                    $0.action == "alert.acknowledge" && $0.actor == "key:anna" && $0.target == "alert:\(wipe.id)"
                })

            // Mended: the change reaches the hub, the report is healthy; all five clear.
            _ = try await north.sync()
            try await north.reportHealth(
                HealthReport(reportedAtMilliseconds: 0, agentVersion: "t", sessionState: "idle"))
            check = try await running.hub.checkAlerts(notifiers: notifiers)
            #expect(check.cleared == 5 && check.noticesSent == 5, "\(check)")
            #expect(try await admin.alerts() == "[]")
            let all = try JSONDecoder().decode(
                [FleetAlert].self, from: Data(try await admin.alerts(includeCleared: true).utf8))
            #expect(all.count == 5 && all.allSatisfy { !$0.isOpen })
            #expect(receiver.bodies.count == 10)

            // Twenty minutes without a word from either: both offline.
            clock.advance(by: 20 * 60_000)
            check = try await running.hub.checkAlerts(notifiers: notifiers)
            #expect(check.raised == 2, "\(check)")
            let offline = try JSONDecoder().decode([FleetAlert].self, from: Data(try await admin.alerts().utf8))
            #expect(offline.map(\.kind) == ["terminal-offline", "terminal-offline"])
            // Heard from means synced: the south one last synced 31 minutes ago.
            #expect(
                offline.map(\.detail).sorted() == ["not heard from for 20 minutes", "not heard from for 31 minutes"])
            // A bad report is refused with the field named.
            let refused = await #expect(throws: SyncError.self) {
                try await south.reportHealth(
                    HealthReport(reportedAtMilliseconds: 0, agentVersion: "t", sessionState: "asleep"))
            }
            #expect("\(String(describing: refused))".contains("session_state"))

            // A month on, the hub's housekeeping forgets the alerts cleared long ago.
            clock.advance(by: 31 * 86_400_000)
            _ = try await running.hub.collectGarbage()
            let kept = try await running.hub.alerts(
                by: .key(KeyRecord(keyID: "x", role: .admin, publicKey: "")), includeCleared: true)
            #expect(kept.map(\.kind) == ["terminal-offline", "terminal-offline"], "the five cleared are gone")
        }
    }
}
