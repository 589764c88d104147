import Crypto
import GRDB
import LoketHub
import LoketProtocol
import LoketStore
import LoketSync
import LoketSyncClient
import LoketTesting
import Testing

/// A terminal that cannot reach its hub hands its outbox over on a USB stick: the file is
/// signed with the terminal's key and the hub takes it as that terminal's push — never a
/// file altered on the way, made in another terminal's name, or of a retired terminal.
@Suite("Outbox files", .serialized)
struct OutboxFileTests {
    static func code(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch let error as HubError { return error.code } catch { return "\(error)" }
    }

    @Test(
        "a signed outbox file is taken once as its terminal's push; altered, forged or retired, it is refused",
        arguments: StoreKind.allCases)
    func signedOutbox(store: StoreKind) async throws {
        try await withHub(store) { running in
            let desk = try await running.terminal("desk-a", scopes: ["branch:a"], collections: ["devices"])
            try desk.replica.write { tx in
                try tx.put("devices", id: "LAP-1", scope: "branch:a", RecordUpdate(set: ["model": .string("x220")]))
            }
            try desk.replica.put(
                "devices", id: "LAP-2", scope: "branch:a", RecordUpdate(set: ["model": .string("t480")]))
            // A collection this desk may not write: refused at import, and the desk learns it.
            try desk.replica.put("loans", id: "loan-1", scope: "branch:a", RecordUpdate(set: ["device": "LAP-1"]))
            let export = try OutboxExport(replica: desk.replica)
            #expect(export.entries == 3 && export.changes == 6 && export.remaining == 0)
            let file = try OutboxFile(bytes: export.file)
            #expect(file.terminal == "desk-a")

            // Altered on the way: one byte of a change.
            var altered = export.file
            altered[altered.count - 3] ^= 0x01
            #expect(await Self.code { _ = try await running.hub.importOutbox(altered) } == "bad-signature")
            // Made in desk-a's name with another key.
            let forged = try OutboxFile(
                terminal: "desk-a", batch: file.batch, origin: desk.replica.id.rawValue,
                key: Curve25519.Signing.PrivateKey())
            #expect(await Self.code { _ = try await running.hub.importOutbox(forged.encoded()) } == "bad-signature")
            // A name the hub does not know.
            let stranger = try OutboxFile(
                terminal: "desk-x", batch: file.batch, origin: "desk-x-replica", key: Curve25519.Signing.PrivateKey())
            #expect(
                await Self.code { _ = try await running.hub.importOutbox(stranger.encoded()) } == "unknown-principal")
            #expect(
                await Self.code { _ = try await running.hub.importOutbox(Array("garbage".utf8)) } == "bad-outbox-file")
            // A name no terminal can have (it would reach the audit log unverified).
            var crooked = export.file
            crooked[6] = 0x0A
            #expect(await Self.code { _ = try await running.hub.importOutbox(crooked) } == "bad-outbox-file")
            #expect(throws: ProtocolError.self) {
                try OutboxFile(
                    terminal: "desk-a\nhub.init", batch: file.batch, origin: "r", key: Curve25519.Signing.PrivateKey())
            }

            // The real file: taken as desk-a's push, and a second time applies nothing.
            let (terminal, receipt) = try await running.hub.importOutbox(export.file)
            #expect(terminal == "desk-a" && receipt.accepted == 4)
            #expect(receipt.refused.map(\.code) == ["collection-not-writable", "collection-not-writable"])
            let again = try await running.hub.importOutbox(export.file)
            #expect(again.receipt.accepted == 0 && again.receipt.acknowledgedThrough == export.lastSequence)
            // Each attempt is audited: the five refused with their reasons, the two taken.
            let audit = try await running.hub.auditLog().entries.filter { $0.action.hasPrefix("outbox.import") }
                .sorted { $0.sequence < $1.sequence }
            #expect(
                audit.map(\.action) == Array(repeating: "outbox.import-refused", count: 5)
                    + ["outbox.import", "outbox.import"])
            #expect(
                audit.map(\.target).prefix(5) == [
                    "terminal:desk-a", "terminal:desk-a", "terminal:desk-x", "file", "file",
                ])
            #expect(
                audit[0].detail.contains("bad-signature") && audit[4].detail.contains("not one a terminal can have"))

            // Another terminal of the branch gets the devices from the hub.
            let other = try await running.terminal("desk-a2", scopes: ["branch:a"], collections: ["devices"])
            try await other.sync()
            let models = try other.replica.read {
                try String.fetchAll($0, sql: "SELECT model FROM devices ORDER BY id")
            }
            #expect(models == ["x220", "t480"])

            // The terminal's next sync sends its entries, which the hub has: nothing twice.
            let report = try await desk.sync()
            #expect(report.acceptedChanges == 0 && report.pushedEntries == 3)
            #expect(try desk.replica.outboxCount() == 0)
            #expect(report.refusedChanges == 2, "the refusals at import reach the desk")
            #expect(
                try desk.replica.quarantine().map(\.reasonCode) == [
                    "collection-not-writable", "collection-not-writable",
                ])

            // A retired terminal's file is refused.
            try desk.replica.put("devices", id: "LAP-3", scope: "branch:a", RecordUpdate(set: ["model": .string("x1")]))
            let late = try OutboxExport(replica: desk.replica)
            try await running.hub.retireTerminal("desk-a", by: running.adminPrincipal)
            #expect(await Self.code { _ = try await running.hub.importOutbox(late.file) } == "unknown-principal")
        }
    }

    @Test("an outbox exported in parts: each file starts after the last one's number")
    func parts() async throws {
        try await withHub(.sqlite) { running in
            let desk = try await running.terminal("desk-a", scopes: ["branch:a"], collections: ["devices"])
            for index in 0..<3 {
                try desk.replica.put(
                    "devices", id: "LAP-\(index)", scope: "branch:a", RecordUpdate(set: ["model": .string("m")]))
            }
            let entries = try desk.replica.outbox()
            let rest = try OutboxExport(replica: desk.replica, after: entries[0].sequence)
            #expect(rest.entries == 2 && rest.lastSequence == entries[2].sequence && rest.remaining == 0)
            let none = try OutboxExport(replica: desk.replica, after: entries[2].sequence)
            #expect(none.entries == 0 && none.lastSequence == nil)
        }
    }
}
