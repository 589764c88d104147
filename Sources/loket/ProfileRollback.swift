import ArgumentParser
import LoketProtocol

struct ProfileRollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Halt a profile's rollout and send the last good content back.",
        discussion: """
            The version being rolled out is halted; the hub re-issues the content of
            the last good version under a new, higher version to every ring the halted
            one reached (versions never go backwards). The hub does the same by itself
            when too many terminals report unhealthy.

            Example:
              loket profile rollback --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  library-public-computer
            """)

    @OptionGroup var admin: HubAdminOptions
    @Argument(help: "The profile id.") var profile: String

    func run() async throws {
        let status = try await admin.withClient { try await $0.rollback(profile) }
        CommandSupport.printLine(ProfileStatusText.render(status))
    }
}
