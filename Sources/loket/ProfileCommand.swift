import ArgumentParser

struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Write, check, sign and verify kiosk profiles; roll them out.",
        discussion: """
            A kiosk profile says what a terminal does: the services visitors may use,
            session limits, languages, printing, devices, offline behaviour. Write it
            in YAML (examples in KioskProfiles/, every field in docs/PROFILES.md),
            validate it, sign it with an admin key; terminals apply only profiles
            signed by keys they trust, newer than the one they run, not expired.

            Example:
              loket profile keygen --id admin-2026 --out admin-2026.key
              loket profile trust --key admin-2026.key --out trust.json
              loket profile validate KioskProfiles/library-public-computer.yaml
              loket profile sign --key admin-2026.key KioskProfiles/library-public-computer.yaml
              loket profile verify --trust trust.json --branch centrale \\
                  KioskProfiles/library-public-computer.signed.json
              loket profile push --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  KioskProfiles/library-public-computer.signed.json
              loket profile rollout --hub http://127.0.0.1:8470 --key hub-data/admin.key \\
                  --ring canary library-public-computer
            """,
        subcommands: [
            ProfileValidate.self, ProfileKeygen.self, ProfileTrustCommand.self, ProfileSign.self, ProfileVerify.self,
            ProfileRender.self, ProfilePush.self, ProfileRolloutCommand.self, ProfileRollback.self,
            ProfileStatusCommand.self,
        ])
}
