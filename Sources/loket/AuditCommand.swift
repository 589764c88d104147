import ArgumentParser

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the audit log: who did what, when and where (docs/SECURITY.md).",
        discussion: """
            Example:
              loket audit verify --db /var/lib/loket/terminal.sqlite
              loket audit verify --hub https://hub.example --key admin.key
              loket audit list --db desk.sqlite --chain <replica id>
            """,
        subcommands: [AuditVerify.self, AuditList.self])
}
