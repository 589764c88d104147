import ArgumentParser
import Foundation
import LoketKiosk

struct ProfileVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a signed profile as a terminal would before applying it.",
        discussion: """
            Checks the signatures against the trust file, the content, the expiry, the
            version (not above --installed-version: refused as a rollback) and the
            branch. Prints the profile's id and version, or the refusal's code and
            reason on stderr and exits 1. Codes: unsigned, bad-signature,
            untrusted-key, expired, not-newer, other-branch, malformed.

            Example:
              loket profile verify --trust trust.json --branch centrale \\
                  --installed-version 3 library-public-computer.signed.json
            """)

    @Option(help: "The trust file (loket profile trust).") var trust: String
    @Option(help: "The terminal's branch id.") var branch: String
    @Option(
        name: .customLong("installed-version"),
        help: "The version of this profile the terminal runs; the signed one must be higher.")
    var installedVersion: Int?
    @Argument(help: "The signed profile.") var file: String

    func run() throws {
        let trustFile: ProfileTrust
        do { trustFile = try ProfileTrust(file: try CommandSupport.readFile(trust, what: "the trust file")) } catch let
            refusal as ProfileRefusal
        {
            throw CommandError("the trust file \(trust) is not usable: \(refusal)")
        }
        let bytes = try CommandSupport.readFile(file, what: "the signed profile")
        // The installed version is per profile id: read the id first (unverified, only to look up).
        var highest: [String: Int] = [:]
        if let installedVersion, let id = SignedProfile.unverifiedID(bytes) { highest[id] = installedVersion }
        let verifier = ProfileVerifier(trust: trustFile, branch: branch, highestVersions: highest)
        do {
            let profile = try verifier.verify(bytes, now: Date())
            CommandSupport.printLine(
                "\(file): accepted — \(profile.id) version \(profile.version), expires \(profile.expires)")
        } catch {
            FileHandle.standardError.write(Data("\(file): refused — \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
