public import LoketStore

/// The profile this terminal runs, as the applier installed it.
public enum InstalledProfile {
    /// The installed profile, or `nil` when none is (or the setting is damaged).
    public static func read(_ replica: Replica) -> KioskProfile? {
        guard let text = try? replica.setting(KioskSettingKeys.installedDocument) else { return nil }
        return try? ProfileDocument.parse(text, file: KioskSettingKeys.installedDocument)
    }
}
