import Foundation
import LoketSyncClient
import LoketTesting
import Testing

/// The hub's commands as an operator runs them: init, keys, serve, enrol, sync, status.
@Suite struct HubCommandTests {
    @Test("add-user and remove-user: a removed user is gone, and removing it again says so")
    func users() throws {
        let folder = try TemporaryDirectory(prefix: "loket-hub-users")
        defer { folder.remove() }
        let data = folder.path("hub")
        #expect(try LoketBinary.run(["hub", "init", "--data", data]).status == 0)
        let added = try LoketBinary.run(
            ["hub", "add-user", "--data", data, "--name", "fatima", "--role", "staff", "--branch", "centrale"],
            stdin: "a long enough password\n")
        #expect(added.status == 0, "\(added.stderr)")
        let removed = try LoketBinary.run(["hub", "remove-user", "--data", data, "--name", "fatima"])
        #expect(removed.status == 0 && removed.stdout.contains("sessions have ended"), "\(removed.stderr)")
        let again = try LoketBinary.run(["hub", "remove-user", "--data", data, "--name", "fatima"])
        #expect(again.status != 0 && again.stderr.contains("no console user \"fatima\""), "\(again.stderr)")
        let readded = try LoketBinary.run(
            ["hub", "add-user", "--data", data, "--name", "fatima", "--role", "staff", "--branch", "centrale"],
            stdin: "another long password\n")
        #expect(readded.status == 0, "the name is free again: \(readded.stderr)")
    }

    @Test("init, keys with roles, serve, enrol, sync and status from the command line; mistakes are one clear line")
    func hubFromTheCommandLine() async throws {
        let folder = try TemporaryDirectory(prefix: "loket-hub-cli")
        let data = folder.path("hub")
        func loket(_ arguments: String...) throws -> LoketBinary.Result { try LoketBinary.run(arguments) }

        let made = try loket("hub", "init", "--data", data)
        #expect(made.status == 0 && made.stdout.contains("admin.key"), "\(made.stderr)")
        let again = try loket("hub", "init", "--data", data)
        #expect(again.status != 0 && again.stderr.contains("already holds a hub"))

        let staff = try loket(
            "hub", "add-key", "--data", data, "--id", "fatima", "--role", "staff", "--branch", "centrale", "--out",
            folder.path("fatima.key"))
        #expect(staff.status == 0, "\(staff.stderr)")
        let noBranch = try loket(
            "hub", "add-key", "--data", data, "--id", "sem", "--role", "staff", "--out", folder.path("sem.key"))
        #expect(noBranch.status != 0 && noBranch.stderr.contains("--branch"))
        let twice = try loket(
            "hub", "add-key", "--data", data, "--id", "fatima", "--role", "admin", "--out", folder.path("f2.key"))
        #expect(twice.status != 0 && twice.stderr.contains("already registered"))

        let badProxy = try loket("hub", "serve", "--data", data, "--trusted-proxy", "proxy.example")
        #expect(
            badProxy.status != 0 && badProxy.stderr.contains("--trusted-proxy: trusted proxy \"proxy.example\""),
            "\(badProxy.stderr)")

        let (hub, url) = try LoketProcess.hub(data: data, folder: folder)
        defer {
            hub.signal(SIGTERM)
            hub.wait()
        }

        let byStaff = try loket(
            "admin", "enrol", "--hub", url, "--key", folder.path("fatima.key"), "--terminal", "t1", "--scope", "fleet")
        #expect(byStaff.status != 0 && byStaff.stderr.contains("admin-only"), "\(byStaff.stderr)")
        let noScope = try loket("admin", "enrol", "--hub", url, "--key", data + "/admin.key", "--terminal", "t1")
        #expect(noScope.status != 0 && noScope.stderr.contains("--scope"))

        let code = try loket(
            "admin", "enrol", "--hub", url, "--key", data + "/admin.key", "--terminal", "t1", "--scope",
            "branch:centrale")
        #expect(code.status == 0, "\(code.stderr)")
        let db = folder.path("t1.sqlite")
        let notYet = try loket("sync", "status", "--db", db, "--json")
        #expect(notYet.status != 0 || notYet.stdout.contains("not-enrolled"))
        let enrolled = try loket(
            "terminal", "enrol", "--db", db, "--hub", url, "--code",
            code.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(enrolled.status == 0 && enrolled.stdout.contains("branch:centrale"), "\(enrolled.stderr)")
        let reused = try loket(
            "terminal", "enrol", "--db", folder.path("t2.sqlite"), "--hub", url, "--code",
            code.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(reused.status != 0 && reused.stderr.contains("already used"), "\(reused.stderr)")
        // A hub elsewhere only over TLS: the enrolment answer carries the card key.
        for clear in ["http://hub.example.nl:8470", "http://10.1.2.3:8470", "http://127.0.0.1.example.nl"] {
            let refused = try loket(
                "terminal", "enrol", "--db", folder.path("t3.sqlite"), "--hub", clear, "--code",
                "ABCD-EFGH-JKMN-PQRS-TVWX")
            #expect(refused.status != 0 && refused.stderr.contains("must start with https://"), "\(refused.stderr)")
        }

        #expect(try loket("db", "put", db, "devices", "LPT-1", "--scope", "branch:centrale", "model=T14").status == 0)
        let synced = try loket("terminal", "sync", "--db", db, "--once")
        #expect(synced.status == 0 && synced.stdout.contains("2 changes accepted"), "\(synced.stdout) \(synced.stderr)")
        let status = try loket("sync", "status", "--db", db, "--json")
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"state\": \"online\"") && status.stdout.contains("\"outbox_entries\": 0"))

        // By USB stick: the outbox signed with the terminal's key, taken at the hub as its
        // push; altered, it is refused whole; the terminal's next sync sends nothing twice.
        #expect(try loket("db", "put", db, "devices", "LPT-9", "--scope", "branch:centrale", "model=X1").status == 0)
        let stick = folder.path("outbox.lkof")
        let exported = try loket("terminal", "export-outbox", "--db", db, "-o", stick)
        #expect(exported.status == 0 && exported.stdout.contains("1 outbox entries (2 changes"), "\(exported.stderr)")
        var bytes = try #require(FileManager.default.contents(atPath: stick))
        bytes[bytes.count - 2] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: folder.path("altered.lkof")))
        let altered = try loket("hub", "import-outbox", "--data", data, folder.path("altered.lkof"))
        #expect(altered.status != 0 && altered.stderr.contains("altered"), "\(altered.stderr)")
        let imported = try loket("hub", "import-outbox", "--data", data, stick)
        #expect(
            imported.status == 0 && imported.stdout.contains("terminal t1: 2 changes accepted, 0 refused"),
            "\(imported.stdout) \(imported.stderr)")
        let afterStick = try loket("terminal", "sync", "--db", db, "--once")
        #expect(afterStick.status == 0 && afterStick.stdout.contains("0 changes accepted"), "\(afterStick.stdout)")
        // A replica-to-replica file is signed by no origin: an enrolled terminal refuses it.
        let lab = folder.path("lab.sqlite")
        #expect(try loket("db", "init", lab, "--replica-id", "lab-1").status == 0)
        #expect(try loket("db", "put", lab, "devices", "LPT-66", "--scope", "branch:centrale", "model=T1").status == 0)
        #expect(try loket("changes", "export", lab, "-o", folder.path("lab.lkc")).status == 0)
        let unsigned = try loket("changes", "import", db, folder.path("lab.lkc"))
        #expect(unsigned.status != 0 && unsigned.stderr.contains("takes other replicas' changes from its hub only"))
        #expect(try loket("db", "get", db, "devices", "LPT-66").status != 0, "nothing of it was applied")
        let forced = try loket("changes", "import", db, folder.path("lab.lkc"), "--unverified")
        #expect(forced.status == 0 && forced.stdout.contains("2 changes read"), "\(forced.stderr)")

        // The audit log: the keys made on the hub machine and the code ordered over HTTP,
        // read and verified here from the hub's copy.
        let audit = try loket("audit", "list", "--hub", url, "--key", data + "/admin.key")
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("hub.init  key:admin"), "\(audit.stdout)")
        #expect(audit.stdout.contains("key.add  key:fatima  at hub (staff of centrale)"), "\(audit.stdout)")
        #expect(audit.stdout.contains("key:admin  terminal.enrolment-code  terminal:t1"), "\(audit.stdout)")
        #expect(audit.stdout.contains("outbox.import  terminal:t1"), "\(audit.stdout)")
        #expect(audit.stdout.contains("outbox.import-refused  terminal:t1"), "the altered file: \(audit.stdout)")
        let verified = try loket("audit", "verify", "--hub", url, "--key", data + "/admin.key")
        #expect(verified.status == 0 && verified.stdout.contains("intact: 5 entries in 1 chains"), "\(verified.stdout)")
        let staffView = try loket("audit", "list", "--hub", url, "--key", folder.path("fatima.key"))
        #expect(staffView.status == 0 && staffView.stdout == "no audit entries\n", "staff see their branch only")
        // A key removed is refused from then on, and the removal is audited.
        let removed = try loket("hub", "remove-key", "--data", data, "--id", "fatima")
        #expect(removed.status == 0, "\(removed.stderr)")
        let refused = try loket("audit", "list", "--hub", url, "--key", folder.path("fatima.key"))
        #expect(refused.status != 0 && refused.stderr.contains("unknown-principal"), "\(refused.stderr)")
        #expect(try loket("audit", "list", "--hub", url, "--key", data + "/admin.key").stdout.contains("key.remove"))
        let twiceRemoved = try loket("hub", "remove-key", "--data", data, "--id", "fatima")
        #expect(twiceRemoved.status != 0 && twiceRemoved.stderr.contains("no key fatima"))
        let neither = try loket("audit", "verify")
        #expect(neither.status != 0 && neither.stderr.contains("either --db FILE or --hub URL"))

        // The terminal retired (stolen): its key is refused from then on.
        let retired = try loket(
            "admin", "retire-terminal", "--hub", url, "--key", data + "/admin.key", "--terminal", "t1")
        #expect(retired.status == 0 && retired.stdout.contains("retired"), "\(retired.stderr)")
        let refusedSync = try loket("terminal", "sync", "--db", db, "--once")
        #expect(refusedSync.status != 0 && refusedSync.stderr.contains("unknown-principal"), "\(refusedSync.stderr)")
        let retiredAgain = try loket(
            "admin", "retire-terminal", "--hub", url, "--key", data + "/admin.key", "--terminal", "t1")
        #expect(retiredAgain.status != 0 && retiredAgain.stderr.contains("no terminal t1"), "\(retiredAgain.stderr)")

        // The hub gone: the round fails with one line, the status says so, nothing is lost.
        hub.signal(SIGTERM)
        #expect(hub.wait() == 0, "the hub did not stop cleanly: \(hub.output)")
        #expect(try loket("db", "put", db, "devices", "LPT-2", "--scope", "branch:centrale", "model=T14").status == 0)
        let offline = try loket("terminal", "sync", "--db", db, "--once")
        #expect(offline.status != 0 && offline.stderr.contains("cannot be reached"), "\(offline.stderr)")
        let after = try loket("sync", "status", "--db", db)
        #expect(after.stdout.contains("outbox: 1 entries waiting") && after.stdout.contains("last error"))
    }
}
