import ArgumentParser
import Foundation
import LoketKiosk

struct ProfileRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write what a terminal makes of a profile: browser policy, units, agent settings.",
        discussion: """
            Validates the profile (YAML, JSON or a signed profile; a signed one is not
            verified here: use loket profile verify) and writes into --out:
            loket-kiosk.json (Chromium's managed policy), loket-agent.service and
            loket-kiosk.service (systemd units: the agent, and cage with Chromium in
            kiosk mode on the console), pam.d/loket-kiosk, and agent-settings.json.
            Nothing is installed: look, compare, or copy them into place.

            Example:
              loket profile render KioskProfiles/library-public-computer.yaml --out rendered
            """)

    @Argument(help: "The profile.") var file: String
    @Option(help: "The folder to write into (made if missing).") var out: String
    @Option(name: .customLong("kiosk-url"), help: "The kiosk screen's address on the terminal.")
    var kioskURL = BrowserPolicyConfiguration().kioskURL

    func run() throws {
        let bytes = try CommandSupport.readFile(file, what: "the profile")
        let profile: KioskProfile
        do {
            profile = try ProfileDocument.parse(
                SignedProfile.unverifiedContent(bytes) ?? String(decoding: bytes, as: UTF8.self), file: file)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        var launch = KioskLaunchConfiguration()
        launch.browser.kioskURL = kioskURL
        let files: [String: String]
        do { files = try KioskRendering.files(profile, configuration: launch) } catch {
            throw CommandError(error.message)
        }
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let path = (out as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw CommandError("cannot write \(path)")
            }
            CommandSupport.printLine(path)
        }
    }
}
