import Foundation
import LoketTesting
import Testing

/// `loket profile` as an admin runs it: keys, trust, validate, sign, verify, rotate.
@Suite struct ProfileCommandTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KioskProfiles").path

    func loket(_ arguments: String...) throws -> LoketBinary.Result { try LoketBinary.run(arguments) }

    @Test("keygen, trust, validate, sign and verify; a forged, rolled-back or broken profile is refused with exit 1")
    func signAndVerify() throws {
        let folder = try TemporaryDirectory(prefix: "loket-profile-cli")
        let key = folder.path("admin.key")
        let made = try loket("profile", "keygen", "--id", "admin-2026", "--out", key)
        #expect(made.status == 0 && made.stdout.contains("public key admin-2026: "), "\(made.stderr)")
        let permissions = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(try loket("profile", "keygen", "--id", "admin-2026", "--out", key).status != 0, "never overwrites")
        #expect(try loket("profile", "trust", "--key", key, "--out", folder.path("trust.json")).status == 0)

        let all = try loket(
            "profile", "validate", "\(Self.examples)/library-public-computer.yaml",
            "\(Self.examples)/town-hall-information-point.yaml", "\(Self.examples)/laptop-loan-desk.yaml",
            "\(Self.examples)/print-station.yaml")
        #expect(all.status == 0 && all.stdout.split(separator: "\n").count == 4, "\(all.stderr)")

        let source = try String(contentsOfFile: "\(Self.examples)/library-public-computer.yaml", encoding: .utf8)
        try source.write(toFile: folder.path("library.yaml"), atomically: true, encoding: .utf8)
        let signed = try loket("profile", "sign", "--key", key, folder.path("library.yaml"))
        #expect(signed.status == 0, "\(signed.stderr)")
        let output = folder.path("library.signed.json")
        let verified = try loket(
            "profile", "verify", "--trust", folder.path("trust.json"), "--branch", "centrale", output)
        #expect(verified.status == 0 && verified.stdout.contains("accepted"), "\(verified.stderr)")

        // Rolled back: the terminal already runs version 1.
        let rolledBack = try loket(
            "profile", "verify", "--trust", folder.path("trust.json"), "--branch", "centrale", "--installed-version",
            "1", output)
        #expect(rolledBack.status == 1 && rolledBack.stderr.contains("not-newer"), "\(rolledBack.stderr)")

        // Forged: a service's address widened after signing.
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let forged = text.replacingOccurrences(of: "https://*.werk.nl/*", with: "https://*/*")
        #expect(forged != text)
        try forged.write(toFile: folder.path("forged.json"), atomically: true, encoding: .utf8)
        let refused = try loket(
            "profile", "verify", "--trust", folder.path("trust.json"), "--branch", "centrale",
            folder.path("forged.json"))
        #expect(refused.status == 1 && refused.stderr.contains("bad-signature"), "\(refused.stderr)")

        // Signed by a key the trust file does not hold.
        let other = folder.path("other.key")
        #expect(try loket("profile", "keygen", "--id", "intruder", "--out", other).status == 0)
        #expect(
            try loket(
                "profile", "sign", "--key", other, "--out", folder.path("intruder.json"), folder.path("library.yaml")
            )
            .status == 0)
        let untrusted = try loket(
            "profile", "verify", "--trust", folder.path("trust.json"), "--branch", "centrale",
            folder.path("intruder.json"))
        #expect(untrusted.status == 1 && untrusted.stderr.contains("untrusted-key"), "\(untrusted.stderr)")

        // A broken profile is not signed, and says where it is broken.
        try source.replacingOccurrences(of: "idleTimeout: 300", with: "idleTimeout: 5")
            .write(toFile: folder.path("broken.yaml"), atomically: true, encoding: .utf8)
        let broken = try loket("profile", "sign", "--key", key, folder.path("broken.yaml"))
        #expect(broken.status == 1)
        #expect(
            broken.stderr.contains("broken.yaml:56 session.idleTimeout: must be 30–3600 seconds, got 5"),
            "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("broken.signed.json")))
        let invalid = try loket("profile", "validate", folder.path("broken.yaml"), folder.path("missing.yaml"))
        #expect(invalid.status == 1 && invalid.stderr.contains("missing.yaml: cannot read it"), "\(invalid.stderr)")

        // Rotation: version 2 of the trust with a new key, signed by the old one too.
        let next = folder.path("admin-2027.key")
        #expect(try loket("profile", "keygen", "--id", "admin-2027", "--out", next).status == 0)
        let rotated = try loket(
            "profile", "trust", "--version", "2", "--key", next, "--previous-key", key, "--out",
            folder.path("trust-2.json"))
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let withNew = try loket(
            "profile", "verify", "--trust", folder.path("trust-2.json"), "--branch", "centrale", output)
        #expect(withNew.status == 1 && withNew.stderr.contains("untrusted-key"), "the retired key no longer signs")
    }

    @Test("render writes the browser policy, the units and the agent's settings of a signed profile")
    func render() throws {
        let folder = try TemporaryDirectory(prefix: "loket-profile-render")
        let key = folder.path("admin.key")
        #expect(try loket("profile", "keygen", "--id", "admin", "--out", key).status == 0)
        let signedPath = folder.path("print.signed.json")
        #expect(
            try loket("profile", "sign", "--key", key, "--out", signedPath, "\(Self.examples)/print-station.yaml")
                .status
                == 0)
        let rendered = try loket("profile", "render", signedPath, "--out", folder.path("out"))
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let policy = try String(contentsOfFile: folder.path("out/loket-kiosk.json"), encoding: .utf8)
        #expect(policy.contains("\"URLBlocklist\"") && policy.contains("\"https://.mail.google.com\""), "\(policy)")
        let unit = try String(contentsOfFile: folder.path("out/loket-kiosk.service"), encoding: .utf8)
        #expect(unit.contains("kiosk profile print-station version 1"))
        let settings = try String(contentsOfFile: folder.path("out/agent-settings.json"), encoding: .utf8)
        #expect(settings.contains("\"kiosk.printing.price_per_page_cents\": \"25\""), "\(settings)")
        #expect(FileManager.default.fileExists(atPath: folder.path("out/pam.d/loket-kiosk")))
        let broken = try loket("profile", "render", folder.path("missing.yaml"), "--out", folder.path("out2"))
        #expect(broken.status != 0 && broken.stderr.contains("missing.yaml"))
    }
}
