import Crypto
import Foundation
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

@Suite struct EnrolmentTests {
    @Test(
        "an enrolment code works once, for one key; a retry with the same key is answered again",
        arguments: StoreKind.allCases)
    func codeWorksOnce(store: StoreKind) async throws {
        try await withHub(store) { running in
            let ticket = try await running.hub.order(
                EnrolmentOrder(terminal: "kiosk-1", scopes: ["branch:a"]),
                by: .key(KeyRecord(keyID: "admin", role: .admin, publicKey: running.adminKey.publicKeyBase64)))
            let key = SigningKeyFile(keyID: "t", privateKey: .init())
            let request = EnrolRequest(code: ticket.code, publicKey: key.publicKeyBase64, replicaID: "replica-1")
            let first = try await running.hub.enrol(request)
            #expect(first.terminal == "kiosk-1" && first.scopes == ["branch:a"])
            #expect(first.collections == Hub.defaultTerminalCollections)
            #expect(try await running.hub.enrol(request) == first, "a retried enrolment gets the same answer")
            let thief = SigningKeyFile(keyID: "x", privateKey: .init())
            do {
                _ = try await running.hub.enrol(
                    EnrolRequest(code: ticket.code, publicKey: thief.publicKeyBase64, replicaID: "replica-2"))
                Issue.record("a used code was accepted for another key")
            } catch let error as HubError {
                #expect(error.code == "enrolment-code-used" && error.status == 409)
            }
            do {
                _ = try await running.hub.enrol(
                    EnrolRequest(
                        code: EnrolmentCode.random().description, publicKey: key.publicKeyBase64, replicaID: "r"))
                Issue.record("an unknown code was accepted")
            } catch let error as HubError {
                #expect(error.code == "enrolment-code-unknown" && error.status == 403)
            }
        }
    }

    @Test(
        "the deployment's card key is made once and every terminal receives the same one",
        arguments: StoreKind.allCases)
    func cardKey(store: StoreKind) async throws {
        try await withHub(store) { running in
            let one = try await running.terminal("kiosk-1", scopes: ["branch:a"])
            let two = try await running.terminal("kiosk-2", scopes: ["branch:b"])
            let first = try #require(one.identity.cardKey, "the first terminal got no card key")
            let second = try #require(two.identity.cardKey, "the second terminal got no card key")
            #expect(first.bitCount == 256)
            #expect(
                first.withUnsafeBytes { Data($0) } == second.withUnsafeBytes { Data($0) },
                "one deployment, one card key: a card must have one token on every terminal")
            // Kept in the terminal's replica, where loading the identity finds it again.
            let loaded = try TerminalIdentity.load(from: one.replica)
            #expect(loaded.cardKey?.withUnsafeBytes { Data($0) } == first.withUnsafeBytes { Data($0) })
            // A hub process started anew on the same store hands out the same key.
            let again = Hub(
                store: running.hub.store, configuration: HubConfiguration(), clock: running.clock,
                logger: TestLogging.silent)
            let ticket = try await again.order(
                EnrolmentOrder(terminal: "kiosk-3", scopes: ["branch:a"]),
                by: .key(KeyRecord(keyID: "admin", role: .admin, publicKey: running.adminKey.publicKeyBase64)))
            let key = SigningKeyFile(keyID: "t", privateKey: .init())
            let third = try await again.enrol(
                EnrolRequest(code: ticket.code, publicKey: key.publicKeyBase64, replicaID: "replica-3"))
            #expect(third.cardKey.flatMap { Data(base64Encoded: $0) } == first.withUnsafeBytes { Data($0) })
            for client in [one, two] { try await client.shutdown() }
        }
    }

    @Test("an expired code is refused", arguments: StoreKind.allCases)
    func expiredCode(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let ticket = try await running.hub.order(
                EnrolmentOrder(terminal: "late", scopes: ["fleet"], validSeconds: 60),
                by: .key(KeyRecord(keyID: "admin", role: .admin, publicKey: running.adminKey.publicKeyBase64)))
            clock.advance(by: 61_000)
            let key = SigningKeyFile(keyID: "t", privateKey: .init())
            do {
                _ = try await running.hub.enrol(
                    EnrolRequest(code: ticket.code, publicKey: key.publicKeyBase64, replicaID: "replica-1"))
                Issue.record("an expired code was accepted")
            } catch let error as HubError {
                #expect(error.code == "enrolment-code-expired")
            }
        }
    }

    @Test(
        "a used code is answered again only while it is valid: after it expires, no card key for anyone",
        arguments: StoreKind.allCases)
    func usedCodeExpires(store: StoreKind) async throws {
        let clock = ManualWallClock()
        try await withHub(store, clock: clock) { running in
            let code = try await running.code("kiosk-1", scopes: ["branch:a"], validSeconds: 60)
            let key = SigningKeyFile(keyID: "t", privateKey: .init())
            let request = EnrolRequest(code: code, publicKey: key.publicKeyBase64, replicaID: "replica-1")
            #expect(try await running.hub.enrol(request).cardKey != nil)
            clock.advance(by: 61_000)
            do {
                _ = try await running.hub.enrol(request)
                Issue.record("an expired, used code was answered again")
            } catch let error as HubError {
                #expect(error.code == "enrolment-code-expired" && error.status == 403)
            }
        }
    }

    @Test(
        "a replica id belongs to one terminal and one key: another terminal or another key enrolling with it is refused",
        arguments: StoreKind.allCases)
    func replicaIDTaken(store: StoreKind) async throws {
        try await withHub(store) { running in
            let victimKey = SigningKeyFile(keyID: "k", privateKey: .init())
            func enrol(
                _ code: String, replicaID: String, key: SigningKeyFile = SigningKeyFile(keyID: "k", privateKey: .init())
            ) async throws -> EnrolResponse {
                try await running.hub.enrol(
                    EnrolRequest(code: code, publicKey: key.publicKeyBase64, replicaID: replicaID))
            }
            _ = try await enrol(
                try await running.code("kiosk-b", scopes: ["branch:b"]), replicaID: "desk-b-1", key: victimKey)
            let impostor = try await running.code("kiosk-a", scopes: ["branch:a"])
            do {
                _ = try await enrol(impostor, replicaID: "desk-b-1")
                Issue.record("a second terminal took replica id desk-b-1")
            } catch let error as HubError {
                #expect(error.code == "replica-id-taken" && error.status == 409)
                #expect(error.message.contains("desk-b-1"))
            }
            // The refusal used nothing up: the code still enrols with a replica id of its own.
            #expect(try await enrol(impostor, replicaID: "desk-a-1").terminal == "kiosk-a")
            // Its own terminal enrolled again with another key under that replica id is refused
            // too (what the replica signed stays checkable with its one key)…
            let again = try await running.code("kiosk-b", scopes: ["branch:b"])
            do {
                _ = try await enrol(again, replicaID: "desk-b-1")
                Issue.record("replica id desk-b-1 was enrolled with a second key")
            } catch let error as HubError {
                #expect(error.code == "replica-key-taken" && error.status == 409, "\(error)")
            }
            // …and taken with the key it has (the same replica enrolled again, as
            // `loket terminal enrol` does), or as a new replica with a new key.
            #expect(try await enrol(again, replicaID: "desk-b-1", key: victimKey).terminal == "kiosk-b")
            let newDisk = try await running.code("kiosk-b", scopes: ["branch:b"])
            #expect(try await enrol(newDisk, replicaID: "desk-b-2").terminal == "kiosk-b")
        }
    }

    @Test("only admin keys order codes; staff keys and terminals are refused")
    func onlyAdmins() async throws {
        try await withHub(.sqlite) { running in
            let order = EnrolmentOrder(terminal: "t", scopes: ["fleet"])
            for principal in [
                Principal.key(KeyRecord(keyID: "s", role: .staff, branch: "a", publicKey: "")),
                Principal.terminal(
                    TerminalRecord(name: "t", publicKey: "", replicaID: "r", scopes: [], collections: [])),
            ] {
                do {
                    _ = try await running.hub.order(order, by: principal)
                    Issue.record("\(principal.header) ordered a code")
                } catch let error as HubError {
                    #expect(error.status == 403 && error.code == "admin-only")
                }
            }
            for bad in [
                EnrolmentOrder(terminal: "bad name", scopes: ["fleet"]),
                EnrolmentOrder(terminal: "t", scopes: []),
                EnrolmentOrder(terminal: "t", scopes: ["branch:"]),
                EnrolmentOrder(terminal: "t", scopes: ["fleet"], validSeconds: 5),
            ] {
                await #expect(throws: HubError.self) {
                    try await running.hub.order(
                        bad,
                        by: .key(KeyRecord(keyID: "admin", role: .admin, publicKey: running.adminKey.publicKeyBase64)))
                }
            }
        }
    }
}

@Suite struct ReEnrolmentTests {
    @Test(
        "a terminal enrolled anew (new disk, new key) syncs at once; its old key is refused",
        arguments: StoreKind.allCases)
    func reEnrolment(store: StoreKind) async throws {
        try await withHub(store) { running in
            let old = try await running.terminal("kiosk", scopes: ["branch:a"])
            try old.replica.put("devices", id: "before", scope: "branch:a", RecordUpdate(set: ["model": .string("a")]))
            try await old.sync()
            // The same name again, on a new replica (its file name differs by the suffix).
            let new = try await SyncClient.enrolled(
                replica: try Replica(path: running.folder.path("kiosk-new.sqlite"), logger: TestLogging.silent),
                hub: running.url, adminKey: running.adminKey,
                order: EnrolmentOrder(terminal: "kiosk", scopes: ["branch:a"]), configuration: SyncConfiguration(),
                clock: running.clock, logger: TestLogging.silent)
            try new.replica.put("devices", id: "after", scope: "branch:a", RecordUpdate(set: ["model": .string("b")]))
            let report = try await new.sync()
            #expect(report.acceptedChanges == 2 && report.refusedChanges == 0, "\(report)")
            #expect(
                try new.replica.read { try String.fetchAll($0, sql: "SELECT id FROM devices ORDER BY id") } == [
                    "after", "before",
                ])
            do {
                try await old.sync()
                Issue.record("the old key still works")
            } catch SyncError.hub(401, "bad-signature", _) {}
            for client in [old, new] { try await client.shutdown() }
        }
    }
}

extension EnrolmentTests {
    @Test(
        "a retired terminal's key is refused at once, its replica id stays taken, and the retirement is audited",
        arguments: StoreKind.allCases)
    func retiredTerminal(store: StoreKind) async throws {
        try await withHub(store) { running in
            let stolen = try await running.terminal("lpt-zuid-07", scopes: ["branch:zuid"], collections: ["devices"])
            try stolen.replica.put(
                "devices", id: "LPT-7", scope: "branch:zuid", RecordUpdate(set: ["model": .string("x")]))
            try await stolen.sync()
            let admin = try running.admin()
            try await admin.retireTerminal("lpt-zuid-07")

            try stolen.replica.put(
                "devices", id: "LPT-8", scope: "branch:zuid", RecordUpdate(set: ["model": .string("y")]))
            do {
                try await stolen.sync()
                Issue.record("a retired terminal synced")
            } catch let SyncError.hub(status, code, _) {
                #expect(status == 401 && code == "unknown-principal")
            }
            // What it pushed before stays; nothing after.
            let peer = try await running.terminal("lpt-zuid-08", scopes: ["branch:zuid"])
            try await peer.sync()
            #expect(try peer.replica.read { try String.fetchAll($0, sql: "SELECT id FROM devices") } == ["LPT-7"])
            // Its replica id is never another terminal's.
            let code = try await running.code("lpt-zuid-09", scopes: ["branch:zuid"])
            do {
                _ = try await running.hub.enrol(
                    EnrolRequest(
                        code: code, publicKey: SigningKeyFile(keyID: "k", privateKey: .init()).publicKeyBase64,
                        replicaID: stolen.replica.id.rawValue))
                Issue.record("the retired terminal's replica id was given again")
            } catch let error as HubError {
                #expect(error.code == "replica-id-taken")
            }
            do {
                try await admin.retireTerminal("lpt-zuid-07")
                Issue.record("retired twice")
            } catch let SyncError.hub(status, _, _) {
                #expect(status == 404)
            }
            let log = try await admin.auditLog()
            #expect(log.entries.contains { $0.action == "terminal.retire" && $0.target == "terminal:lpt-zuid-07" })
        }
    }

    @Test("only an admin retires a terminal")
    func staffCannotRetire() async throws {
        try await withHub(.sqlite) { running in
            _ = try await running.terminal("t1", scopes: ["branch:a"])
            let staff = SigningKeyFile(keyID: "staff-a", privateKey: .init())
            try await running.hub.store.addKey(
                KeyRecord(keyID: "staff-a", role: .staff, branch: "a", publicKey: staff.publicKeyBase64))
            let client = try AdminClient(
                hub: running.url, key: staff, configuration: SyncConfiguration(), clock: running.clock)
            defer { Task { try? await client.shutdown() } }
            do {
                try await client.retireTerminal("t1")
                Issue.record("staff retired a terminal")
            } catch let SyncError.hub(status, code, _) {
                #expect(status == 403 && code == "admin-only")
            }
            #expect(try await running.hub.store.terminal(named: "t1") != nil)
        }
    }
}
