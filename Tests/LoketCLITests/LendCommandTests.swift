import Foundation
import LoketSync
import LoketTesting
import Testing

/// `loket lend` as desk staff run it: two desks on their own replica files, changes carried
/// between them with `loket changes export|import` (a USB stick, or the hub).
@Suite struct LendCommandTests {
    let directory = try! TemporaryDirectory(prefix: "loket-lend")
    let alice = "card-" + String(repeating: "a1", count: 16)
    let bob = "card-" + String(repeating: "b2", count: 16)

    func path(_ name: String) -> String { directory.path(name) }

    @discardableResult
    func loket(_ arguments: [String]) throws -> LoketBinary.Result {
        let result = try LoketBinary.run(arguments)
        #expect(result.status == 0, "loket \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result
    }

    func lend(_ desk: String, _ arguments: String...) throws -> LoketBinary.Result {
        try LoketBinary.run(
            ["lend"] + arguments + ["--db", path("\(desk).sqlite"), "--branch", "centrum", "--desk", desk])
    }

    func json(_ result: LoketBinary.Result) throws -> FieldValue { try FieldValue(json: result.stdout) }

    /// Carries `from`'s changes to `to`.
    func carry(_ from: String, _ to: String) throws {
        try loket(["changes", "export", path("\(from).sqlite"), "-o", path("\(from)-\(to).lkc")])
        try loket(["changes", "import", path("\(to).sqlite"), path("\(from)-\(to).lkc")])
    }

    @Test("import an inventory, lend with a printed receipt, return, wipe — and a bad inventory keeps nothing")
    func desk() async throws {
        defer { directory.remove() }
        try loket(["db", "init", path("a.sqlite")])
        try "asset_tag,kind,model\nLPT-1,laptop,Lenovo T14\nTAB-1,tablet,iPad\n".write(
            toFile: path("good.csv"), atomically: true, encoding: .utf8)
        try "asset_tag,kind,model\nLPT-2,laptop,X\nLPT-3,toaster,Y\nLPT 4,laptop,Z\n".write(
            toFile: path("bad.csv"), atomically: true, encoding: .utf8)
        #expect(try lend("a", "devices", "import", path("good.csv")).stdout == "added 2 devices\n")
        let bad = try lend("a", "devices", "import", path("bad.csv"))
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("bad.csv:3: kind must be one of") && bad.stdout.contains("bad.csv:4: asset_tag"))
        #expect(bad.stdout.contains("nothing was added"))
        let listed = try json(lend("a", "devices", "list", "--json"))
        #expect(listed.arrayValue?.count == 2, "nothing of the bad file was kept: \(listed)")

        let printer = try ByteCapture()
        defer { printer.stop() }
        let out = try lend(
            "a", "checkout", "lpt-1", "--borrower", alice, "--receipt", "tcp://127.0.0.1:\(printer.port)", "--json")
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try json(out)["device"] == .string("LPT-1") && json(out)["borrower"] == .string(alice))
        try await printer.wait(connections: 1)
        #expect(String(decoding: printer.bytes, as: UTF8.self).contains("LPT-1"), "the receipt names the device")
        #expect(printer.bytes.suffix(4) == [0x1D, 0x56, 66, 4], "and is cut")

        let again = try lend("a", "checkout", "TAB-1", "--borrower", alice)
        #expect(again.status == 1 && again.stderr.contains("at most 1"), "\(again.stderr)")
        let back = try lend("a", "return", "LPT-1", "--condition", "charger missing")
        #expect(back.status == 0 && back.stdout.contains("now waits for a wipe"), "\(back.stderr)")
        let waiting = try lend("a", "devices", "list", "--state", "returned-needs-wipe")
        #expect(waiting.stdout.hasPrefix("LPT-1"))
        let wiped = try lend("a", "wiped", "LPT-1", "--method", "reimage", "--operator", "JdV")
        #expect(wiped.status == 0 && wiped.stdout.contains("available"), "\(wiped.stderr)")
        let stats = try lend("a", "stats", "--csv")
        #expect(
            stats.stdout.hasPrefix("week,branch,kind,loans,returned,returned_late,late_rate\r\n"), "\(stats.stdout)")
        #expect(stats.stdout.contains(",centrum,laptop,1,1,0,0.000") && !stats.stdout.contains("card-"))
        let purge = try lend("a", "purge", "--json")
        #expect(try json(purge)["loans"] == .int(0), "a return of today is kept: \(purge.stdout)")
        let optIn = try lend("a", "borrower", alice, "--email", "lener@example.nl", "--json")
        #expect(try optIn.status == 0 && json(optIn)["email"] == .string("lener@example.nl"), "\(optIn.stderr)")
        let badMail = try lend("a", "borrower", alice, "--email", "nonsense")
        #expect(badMail.status == 1 && badMail.stderr.contains("not one (name@example.nl)"), "\(badMail.stderr)")
        let reminders = try lend("a", "reminders", "--mail-drop", path("mail"), "--from", "balie@bieb.example.nl")
        #expect(reminders.status == 0 && reminders.stdout.hasPrefix("queued 0, e-mailed 0"), "nothing is overdue yet")
        #expect(try lend("a", "borrower", alice, "--forget").status == 0)
        let history = try json(lend("a", "history", "LPT-1", "--json"))
        #expect(history[0]?["condition"] == .string("charger missing"))
    }

    @Test("two desks lend one laptop while apart: `conflicts` shows it on both, `resolve` at one reaches the other")
    func conflict() throws {
        defer { directory.remove() }
        try loket(["db", "init", path("a.sqlite")])
        try loket(["db", "init", path("b.sqlite")])
        #expect(try lend("a", "devices", "add", "LPT-7", "--kind", "laptop", "--model", "Dell").status == 0)
        try carry("a", "b")
        let first = try json(lend("a", "checkout", "LPT-7", "--borrower", alice, "--json"))
        let second = try json(lend("b", "checkout", "LPT-7", "--borrower", bob, "--json"))
        try carry("a", "b")
        try carry("b", "a")
        var id = ""
        for desk in ["a", "b"] {
            let conflicts = try json(lend(desk, "conflicts", "--json"))
            #expect(conflicts.arrayValue?.count == 1, "\(desk): \(conflicts)")
            #expect(conflicts[0]?["kind"] == .string("double-loan"))
            #expect(conflicts[0]?["loans"]?.arrayValue?.count == 2)
            if case .string(let found)? = conflicts[0]?["id"] { id = found }
            #expect(try lend(desk, "devices", "list").stdout.contains("IN CONFLICT"))
        }
        guard case .string(let kept)? = second["id"], case .string(let other)? = first["id"] else {
            Issue.record("no loan ids in \(first) \(second)")
            return
        }
        let wrong = try lend("b", "resolve", id, "--keep", "nonsense", "--note", "x")
        #expect(wrong.status == 1 && wrong.stderr.contains("not in conflict"), "\(wrong.stderr)")
        let settled = try lend("b", "resolve", id, "--keep", kept, "--note", "bob has it")
        #expect(settled.status == 0 && settled.stdout.contains("kept loan \(kept)"), "\(settled.stderr)")
        try carry("b", "a")
        #expect(try lend("a", "conflicts").stdout == "no conflicts\n")
        let all = try json(lend("a", "conflicts", "--all", "--json"))
        #expect(all[0]?["resolution"]?["note"] == .string("bob has it"))
        // Alice's put-aside loan no longer counts against her limit of one device.
        #expect(try lend("a", "devices", "add", "LPT-8", "--kind", "laptop", "--model", "Dell").status == 0)
        let next = try lend("a", "checkout", "LPT-8", "--borrower", alice)
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try lend("a", "history", "--borrower", alice).stdout.contains(other), "her old loan is kept on record")
    }
}

extension FieldValue {
    var arrayValue: [FieldValue]? { if case .array(let items) = self { items } else { nil } }

    subscript(index: Int) -> FieldValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    subscript(key: String) -> FieldValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }
}
