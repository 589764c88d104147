import ArgumentParser
import LoketProtocol

struct ProfileStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a profile's rollout per ring (every profile without an id).",
        discussion: """
            For each ring a version was sent to: how many of its terminals report on
            the profile, how many reported healthy or unhealthy on that version within
            the window, and how many have not reported yet; whether the rollout was
            halted, why, and what was re-issued.

            Example:
              loket profile status --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  library-public-computer
            """)

    @OptionGroup var admin: HubAdminOptions
    @Flag(help: "Print JSON instead of text.") var json = false
    @Argument(help: "The profile id (default: every profile).") var profile: String?

    func run() async throws {
        let statuses = try await admin.withClient { try await $0.profileStatuses(profile) }
        if json {
            CommandSupport.printLine(try ProfileStatusText.json(profile == nil ? statuses : [statuses[0]]))
        } else if statuses.isEmpty {
            CommandSupport.printLine("the hub holds no profiles; push one with loket profile push")
        } else {
            CommandSupport.printLine(statuses.map(ProfileStatusText.render).joined(separator: "\n\n"))
        }
    }
}
