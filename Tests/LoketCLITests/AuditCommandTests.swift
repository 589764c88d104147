import Foundation
import LoketSync
import LoketTesting
import Testing

/// `loket audit` on a desk's replica: what the desk did is listed, the chain verifies;
/// Loket's own commands refuse to change an entry, and one changed or removed in the file
/// itself (with the sqlite3 shell) makes `verify` fail and name the entry.
@Suite struct AuditCommandTests {
    @Test("list and verify a desk's audit log; a changed and a removed entry are found")
    func verifyDesk() throws {
        let directory = try TemporaryDirectory(prefix: "loket-audit")
        defer { directory.remove() }
        let db = directory.path("desk.sqlite")
        func loket(_ arguments: String...) throws -> LoketBinary.Result { try LoketBinary.run(arguments) }
        func lend(_ arguments: String...) throws -> LoketBinary.Result {
            try LoketBinary.run(["lend"] + arguments + ["--db", db, "--branch", "centrum", "--desk", "desk-a"])
        }
        #expect(try loket("db", "init", db, "--replica-id", "desk-a").status == 0)
        #expect(try lend("devices", "add", "LPT-1", "--kind", "laptop", "--model", "T14").status == 0)
        let borrower = "card-" + String(repeating: "c3", count: 16)
        #expect(try lend("checkout", "LPT-1", "--borrower", borrower).status == 0)
        #expect(try lend("return", "LPT-1").status == 0)

        let list = try loket("audit", "list", "--db", db)
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(list.stdout)")
        #expect(lines.allSatisfy { $0.contains("desk:desk-a") && $0.contains("at branch:centrum") })
        #expect(list.stdout.contains("lend.checkout  device:LPT-1"))
        #expect(!list.stdout.contains(borrower), "the audit log names no borrower")
        let intact = try loket("audit", "verify", "--db", db)
        #expect(intact.status == 0 && intact.stdout.contains("intact: 3 entries in 1 chains"), "\(intact.stdout)")

        let refused = try loket("db", "put", db, "audit", "desk-a/0000000002", "target=device:LPT-9")
        #expect(refused.status != 0 && refused.stderr.contains("never changed or deleted"), "\(refused.stderr)")
        #expect(try loket("db", "delete", db, "audit", "desk-a/0000000002").status != 0)

        try sqlite(db, "UPDATE audit SET target = 'device:LPT-9' WHERE seq = 2")
        let changed = try loket("audit", "verify", "--db", db)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("PROBLEM desk-a #2: changed"), "\(changed.stdout)")
        #expect(changed.stdout.contains("NOT INTACT"))

        try sqlite(db, "DELETE FROM audit WHERE seq = 2")
        let removed = try loket("audit", "verify", "--db", db, "--json")
        #expect(removed.status == 1)
        let report = try FieldValue(json: removed.stdout)
        #expect(report["problems"]?.arrayValue?.first?["kind"] == .string("missing"), "\(removed.stdout)")
    }

    /// Runs SQL on the file with the sqlite3 shell, as someone with access to the disk would.
    func sqlite(_ path: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 \(sql)")
    }
}
