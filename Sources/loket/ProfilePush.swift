import ArgumentParser
import LoketProtocol

struct ProfilePush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Give the hub a signed profile version; nothing is sent until a rollout.",
        discussion: """
            The hub checks the profile as a terminal would (signatures against the
            fleet's trust, content, expiry) and keeps it. Its version must be above
            every version of that profile the hub holds, re-issued ones included.

            Example:
              loket profile push --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  library-public-computer.signed.json
            """)

    @OptionGroup var admin: HubAdminOptions
    @Argument(help: "The signed profile (from loket profile sign).") var file: String

    func run() async throws {
        let bytes = try CommandSupport.readFile(file, what: "the signed profile")
        let status = try await admin.withClient { try await $0.pushProfile(bytes) }
        CommandSupport.printLine(ProfileStatusText.render(status))
    }
}
