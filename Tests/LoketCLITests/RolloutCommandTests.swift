import Foundation
import LoketTesting
import Testing

/// A rollout as an admin and a terminal run it from the command line, against a real
/// `loket hub serve` process.
@Suite struct RolloutCommandTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KioskProfiles").path

    func loket(_ arguments: String...) throws -> LoketBinary.Result { try LoketBinary.run(arguments) }

    @Test("reissue key, trust, push, rollout to the canary ring, the terminal applies and the status shows it")
    func rolloutFromTheCommandLine() throws {
        let folder = try TemporaryDirectory(prefix: "loket-rollout-cli")
        defer { folder.remove() }
        let data = folder.path("hub")
        #expect(try loket("hub", "init", "--data", data).status == 0)
        let (hub, url) = try LoketProcess.hub(data: data, folder: folder)
        defer {
            hub.signal(SIGTERM)
            hub.wait()
        }
        let admin = ["--hub", url, "--key", data + "/admin.key"]
        func run(_ arguments: [String]) throws -> LoketBinary.Result { try LoketBinary.run(arguments) }

        let signing = folder.path("admin-2026.key")
        #expect(try loket("profile", "keygen", "--id", "admin-2026", "--out", signing).status == 0)
        let reissuer = try run(["admin", "reissue-key"] + admin)
        #expect(reissuer.status == 0 && reissuer.stdout.hasPrefix("hub-reissue-"), "\(reissuer.stderr)")
        let badReissuer = try loket(
            "profile", "trust", "--key", signing, "--reissuer", "nonsense", "--out", folder.path("bad.json"))
        #expect(badReissuer.status != 0 && badReissuer.stderr.contains("--reissuer must be"))
        let trust = try loket(
            "profile", "trust", "--key", signing, "--reissuer",
            reissuer.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--out", folder.path("trust.json"))
        #expect(trust.status == 0, "\(trust.stderr)")
        let set = try run(["admin", "profile-trust"] + admin + ["--file", folder.path("trust.json")])
        #expect(set.status == 0, "\(set.stderr)")

        let signedPath = folder.path("library.signed.json")
        #expect(
            try loket(
                "profile", "sign", "--key", signing, "--out", signedPath,
                "\(Self.examples)/library-public-computer.yaml"
            ).status == 0)
        let pushed = try run(["profile", "push"] + admin + [signedPath])
        #expect(pushed.status == 0 && pushed.stdout.contains("library-public-computer: pushed"), "\(pushed.stderr)")

        let code = try run(
            ["admin", "enrol"] + admin + [
                "--terminal", "c1", "--scope", "fleet", "--scope", "branch:centrale", "--scope", "ring:canary",
                "--scope", "terminal:c1",
            ])
        #expect(code.status == 0, "\(code.stderr)")
        let db = folder.path("c1.sqlite")
        let badProfile = try loket(
            "terminal", "enrol", "--db", db, "--hub", url, "--code", "X", "--profile", "Not An Id")
        #expect(badProfile.status != 0 && badProfile.stderr.contains("--profile must be a profile id"))
        let enrolled = try loket(
            "terminal", "enrol", "--db", db, "--hub", url, "--code",
            code.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--profile", "library-public-computer")
        #expect(enrolled.status == 0, "\(enrolled.stderr)")

        let tooWide = try run(["profile", "rollout"] + admin + ["--ring", "all", "library-public-computer"])
        #expect(tooWide.status != 0 && tooWide.stderr.contains("ring-order"), "\(tooWide.stderr)")
        let rolled = try run(["profile", "rollout"] + admin + ["--ring", "canary", "library-public-computer"])
        #expect(rolled.status == 0 && rolled.stdout.contains("rolling, version 1 sent"), "\(rolled.stdout)")

        let root = folder.path("root")
        #expect(try loket("terminal", "sync", "--db", db, "--once").status == 0)
        let applied = try loket("terminal", "apply", "--db", db, "--install-root", root)
        #expect(
            applied.status == 0 && applied.stdout.contains("library-public-computer version 1: applied"),
            "\(applied.stdout) \(applied.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/etc/chromium/policies/managed/loket-kiosk.json"))
        #expect(try loket("terminal", "apply", "--db", db, "--install-root", root).stdout.contains("nothing new"))
        #expect(try loket("terminal", "sync", "--db", db, "--once").status == 0)

        let status = try run(["profile", "status"] + admin + ["library-public-computer"])
        #expect(status.status == 0, "\(status.stderr)")
        let row = status.stdout.split(separator: "\n").first { $0.contains("canary ") }.map(String.init) ?? ""
        // ring, version, terminals, healthy, unhealthy, waiting
        #expect(
            row.split(separator: " ").prefix(6).map(String.init) == ["canary", "1", "1", "1", "0", "0"],
            "\(status.stdout)")
        let json = try run(["profile", "status", "--json"] + admin)
        #expect(json.status == 0 && json.stdout.contains("\"automatic_rollback\" : true"), "\(json.stdout)")
        let missing = try run(["profile", "status"] + admin + ["no-such-profile"])
        #expect(missing.status != 0 && missing.stderr.contains("push it first"), "\(missing.stderr)")
    }
}
