import ArgumentParser
import LoketProtocol

struct ProfileRolloutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Send a profile version to a ring: canary, branch:<id> or all.",
        discussion: """
            Rings widen in order from the profile's targeting.ring: canary (terminals
            enrolled with --scope ring:canary), then branch:<id>, then all. Terminals
            apply the version after their next sync and report; if more than the
            hub's threshold of a ring reports unhealthy within the window, the hub
            halts the rollout and re-issues the last good content as a new version.

            Example:
              loket profile rollout --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  --ring canary library-public-computer
            """)

    @OptionGroup var admin: HubAdminOptions
    @Option(help: "canary, branch:<id> or all.") var ring: String
    @Option(help: "The version to send (default: the newest pushed).") var version: Int?
    @Argument(help: "The profile id.") var profile: String

    func run() async throws {
        let status = try await admin.withClient {
            try await $0.rollout(profile, RolloutOrder(ring: ring, version: version))
        }
        CommandSupport.printLine(ProfileStatusText.render(status))
    }
}
