import Foundation
import LoketSync
import LoketTesting
import Testing

/// The `loket` binary as a user runs it.
@Suite("loket command line")
struct CommandLineTests {
    let directory = try! TemporaryDirectory(prefix: "loket-cli")

    func path(_ name: String) -> String { directory.path(name) }

    @discardableResult
    func loket(_ arguments: String...) throws -> LoketBinary.Result {
        let result = try LoketBinary.run(arguments)
        #expect(result.status == 0, "loket \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        return result
    }

    func failure(_ arguments: String...) throws -> LoketBinary.Result {
        let result = try LoketBinary.run(arguments)
        #expect(result.status != 0, "loket \(arguments.joined(separator: " ")) should have failed")
        return result
    }

    @Test("init, put with JSON and text values, get, dump")
    func basics() throws {
        let db = path("a.sqlite")
        try loket("db", "init", db, "--replica-id", "desk-a")
        try loket(
            "db", "put", db, "devices", "LPT-0042", "model=ThinkPad T14", "kind=\"laptop\"", "asset_tag=42",
            "last_wipe=null",
            "--scope", "branch:centrum")
        try loket("db", "put", db, "sessions", "s1", "--incr", "minutes_used=15", "--incr", "minutes_used=-5")
        try loket(
            "db", "put", db, "terminals", "t1", "--add", "tags=printer", "--add", "tags=[1,2]", "--remove", "tags=none")
        let record = try FieldValue(json: try loket("db", "get", db, "devices", "LPT-0042").stdout)
        #expect(
            record
                == .object([
                    "id": "LPT-0042", "scope": "branch:centrum", "model": "ThinkPad T14", "kind": "laptop",
                    "asset_tag": 42,
                    "last_wipe": .null, "home_branch": .null, "state": .null, "state_note": .null, "held_for": .null,
                    "added_at": .null, "updated_at": .null,
                ]))
        let dump = try loket("db", "dump", db).stdout
        #expect(dump.contains("\"minutes_used\": 10"))
        guard case .object(let collections) = try FieldValue(json: dump),
            case .array(let terminals)? = collections["terminals"],
            case .object(let terminal)? = terminals.first
        else {
            Issue.record("dump has the wrong shape: \(dump)")
            return
        }
        #expect(terminal["tags"] == .array(["printer", .array([1, 2])]))
        #expect(try loket("db", "dump", db).stdout == dump)  // deterministic
        try loket("db", "delete", db, "devices", "LPT-0042")
        let gone = try failure("db", "get", db, "devices", "LPT-0042")
        #expect(gone.stderr.contains("devices/LPT-0042 does not exist"))
    }

    @Test("sneakernet: export and import in both directions, any number of times, converge")
    func sneakernet() throws {
        let a = path("a.sqlite")
        let b = path("b.sqlite")
        try loket("db", "init", a, "--replica-id", "branch-a")
        try loket("db", "init", b, "--replica-id", "branch-b")
        for round in 0..<3 {
            try loket("db", "put", a, "devices", "d\(round)", "state=lent", "model=a\(round)")
            try loket("db", "put", b, "devices", "d\(round)", "state=available")
            try loket("db", "put", b, "sessions", "s", "--incr", "minutes_used=\(round + 1)")
            try loket("db", "put", a, "terminals", "t", "--add", "tags=r\(round)")
            // a → b with b's version vector, binary; b → a everything, JSON.
            try loket("changes", "vv", b).stdout.write(toFile: path("b-vv.json"), atomically: true, encoding: .utf8)
            try loket("changes", "export", a, "--since", path("b-vv.json"), "-o", path("a-to-b.lkc"))
            try loket("changes", "export", b, "--json", "-o", path("b-to-a.json"))
            try loket("changes", "import", b, path("a-to-b.lkc"))
            try loket("changes", "import", a, path("b-to-a.json"))
            let again = try loket("changes", "import", b, path("a-to-b.lkc")).stdout
            #expect(again.contains(" 0 applied"))
        }
        // b's own last writes reach a once more (in the version every Loket reads, then in
        // the compact default), then both print the same bytes.
        try loket("changes", "export", b, "--binary-version", "1", "-o", path("final-v1.lkc"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("final-v1.lkc")))[4] == 1)
        try loket("changes", "export", b, "-o", path("final.lkc"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path("final.lkc")))[4] == 2)
        try loket("changes", "import", a, path("final-v1.lkc"))
        try loket("changes", "import", a, path("final.lkc"))
        let dumpA = try loket("db", "dump", a).stdout
        let dumpB = try loket("db", "dump", b).stdout
        #expect(dumpA == dumpB)
        #expect(dumpA.contains("\"minutes_used\": 6"))
        let vv = try VersionVector(json: try FieldValue(json: try loket("changes", "vv", a).stdout))
        #expect(vv.entries.keys.map(\.rawValue).sorted() == ["branch-a", "branch-b"])
    }

    @Test("errors: one line on stderr, a non-zero exit, nothing partly applied")
    func errors() throws {
        let db = path("e.sqlite")
        try loket("db", "init", db)
        let before = try loket("db", "dump", db).stdout
        let cases: [([String], String)] = [
            (["db", "put", db, "devices", "x", "state=ok", "colour=red"], "unknown field \"colour\""),
            (["db", "put", db, "nope", "x"], "unknown collection \"nope\""),
            (["db", "put", db, "sessions", "x", "--incr", "minutes_used=lots"], "not a whole number"),
            (["db", "put", db, "devices", "x", "--add", "state=x"], "register field"),
            (["db", "put", db, "devices", "x", "--scope", "everywhere"], "invalid scope"),
            (["db", "put", path("missing.sqlite"), "devices", "x"], "no replica at"),
            (["db", "delete", db, "devices", "ghost"], "does not exist"),
            (["changes", "import", db, path("nothing.lkc")], "cannot read changes file"),
        ]
        for (arguments, message) in cases {
            let result = try LoketBinary.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(try loket("db", "dump", db).stdout == before)
        #expect(!FileManager.default.fileExists(atPath: path("missing.sqlite")))
    }

    @Test("a damaged changes file is refused whole, naming the byte offset")
    func damagedImport() throws {
        let a = path("a.sqlite")
        let b = path("b.sqlite")
        try loket("db", "init", a)
        try loket("db", "init", b)
        for index in 0..<5 { try loket("db", "put", a, "devices", "d\(index)", "state=available") }
        try loket("changes", "export", a, "-o", path("good.lkc"))
        let before = try loket("db", "dump", b).stdout
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path("good.lkc")))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path("bad.lkc")))
        let result = try failure("changes", "import", b, path("bad.lkc"))
        #expect(result.stderr.contains("checksum mismatch"))
        #expect(result.stderr.contains("at byte \(bytes.count - 4)"))
        #expect(try loket("db", "dump", b).stdout == before)
        let text = "{\"format\": \"loket-changeset\", \"version\": 1, \"changes\": [{]}"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path("bad.json")))
        let json = try failure("changes", "import", b, path("bad.json"))
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "]"))!
        #expect(json.stderr.contains("at byte \(offset) (invalid JSON)"), "\(json.stderr)")
        #expect(try loket("db", "dump", b).stdout == before)
    }

    @Test("a schema file adds collections; adding fields later keeps the data")
    func schemaFile() throws {
        let db = path("s.sqlite")
        try #"{"collections": {"notes": {"fields": {"text": "register", "likes": "counter"}}}}"#.write(
            toFile: path("v1.json"), atomically: true, encoding: .utf8)
        try #"{"collections": {"notes": {"fields": {"text": "register", "likes": "counter", "tags": "set"}}}}"#.write(
            toFile: path("v2.json"), atomically: true, encoding: .utf8)
        try #"{"collections": {"notes": {"fields": {"text": "set"}}}}"#.write(
            toFile: path("bad.json"), atomically: true, encoding: .utf8)
        try loket("db", "init", db, "--schema", path("v1.json"))
        try loket("db", "put", db, "notes", "n1", "text=hallo", "--incr", "likes=2")
        try loket("db", "init", db, "--schema", path("v2.json"))
        let note = try FieldValue(json: try loket("db", "get", db, "notes", "n1").stdout)
        #expect(note == .object(["id": "n1", "scope": "fleet", "text": "hallo", "likes": 2, "tags": .array([])]))
        let refused = try failure("db", "init", db, "--schema", path("bad.json"))
        #expect(refused.stderr.contains("notes.text is a register"))
    }

    @Test(
        "every command explains itself with an example",
        arguments: [
            ["db", "init"], ["db", "put"], ["db", "delete"], ["db", "get"], ["db", "dump"], ["changes", "vv"],
            ["changes", "export"], ["changes", "import"], ["changes", "quarantine"], ["bench", "sync"],
            ["hub", "init"], ["hub", "serve"], ["hub", "gc"], ["hub", "add-key"], ["admin", "enrol"],
            ["admin", "terminals"], ["admin", "profile-trust"], ["admin", "reissue-key"],
            ["terminal", "enrol"], ["terminal", "sync"], ["terminal", "run"], ["terminal", "apply"],
            ["sync", "status"],
            ["profile", "validate"], ["profile", "keygen"], ["profile", "trust"], ["profile", "sign"],
            ["profile", "verify"], ["profile", "render"], ["profile", "push"], ["profile", "rollout"],
            ["profile", "rollback"], ["profile", "status"],
        ])
    func help(command: [String]) throws {
        let result = try LoketBinary.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"), "\(command): \(result.stdout)")
        #expect(result.stdout.contains("USAGE"))
    }

    @Test("the benchmark prints one JSON line with every figure")
    func bench() throws {
        let line = try loket("bench", "sync", "--records", "200", "--fields", "3", "--updates", "90", "--replicas", "3")
            .stdout
        guard case .object(let figures) = try FieldValue(json: line) else {
            Issue.record("not a JSON object: \(line)")
            return
        }
        #expect(
            Set(figures.keys) == [
                "seed_s", "write_ops_s", "delta_bytes_per_op", "merge_ops_s", "peak_rss_mb", "converged",
            ])
        #expect(figures["converged"] == true)
        let baseline = try loket(
            "bench", "sync", "--records", "200", "--fields", "3", "--updates", "90", "--baseline", "sqlite"
        ).stdout
        #expect(baseline.contains("\"converged\":null"))
        let bad = try failure("bench", "sync", "--replicas", "1")
        #expect(bad.stderr.contains("--replicas must be 2–16"))
    }

    @Test("the paired benchmark runs both variants interleaved and prints their ratios")
    func pairedBench() throws {
        // 2,500 updates: three rounds, the last one short.
        let line = try loket(
            "bench", "sync", "--paired", "--records", "200", "--fields", "3", "--updates", "2500", "--replicas", "2"
        ).stdout
        guard case .object(let figures) = try FieldValue(json: line),
            case .double(let crdtWrites) = figures["crdt_write_ops_s"],
            case .double(let plainWrites) = figures["plain_write_ops_s"],
            case .double(let ratio) = figures["write_ratio"],
            case .object(let rounds) = figures["round_write_ratio"]
        else {
            Issue.record("not the paired figures: \(line)")
            return
        }
        #expect(figures["converged"] == true)
        #expect(rounds["rounds"] == .int(3))
        #expect(crdtWrites > 0 && plainWrites > 0)
        #expect(abs(ratio - crdtWrites / plainWrites) < 0.01, "the ratio is the two rates': \(line)")
        let both = try failure("bench", "sync", "--paired", "--baseline", "sqlite")
        #expect(both.stderr.contains("drop --baseline"))
    }
}
