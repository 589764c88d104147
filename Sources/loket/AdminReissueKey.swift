import ArgumentParser
import LoketProtocol

struct AdminReissueKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reissue-key",
        abstract: "Print the hub's reissue key, for the trust file's --reissuer.",
        discussion: """
            The hub signs a re-issued profile (the automatic rollback) with this key.
            Terminals accept such a profile only when their trust file lists the key
            and the admins' keys signed the content it carries. Prints <id>=<public
            key>, the form loket profile trust --reissuer takes.

            Example:
              loket admin reissue-key --hub http://127.0.0.1:8470 --key hub-data/admin.key
            """)

    @OptionGroup var admin: HubAdminOptions

    func run() async throws {
        let info = try await admin.withClient { try await $0.reissueKey() }
        CommandSupport.printLine("\(info.keyid)=\(info.publicKey)")
    }
}
