/// Everything a terminal makes of a profile, as file name → contents: the Chromium
/// managed policy, the systemd units, cage's PAM file and the agent's settings as JSON.
/// `loket profile render` writes these for a person to read; ``ProfileInstaller``
/// installs them.
public enum KioskRendering {
    public static let settingsFileName = "agent-settings.json"

    public static func files(_ profile: KioskProfile, configuration: KioskLaunchConfiguration) -> [String: String] {
        var files = KioskLaunch.files(profile, configuration: configuration)
        files[ChromiumPolicy.fileName] = String(
            decoding: ChromiumPolicy.render(profile, configuration: configuration.browser), as: UTF8.self)
        files[settingsFileName] = AgentSettings.json(profile).prettyJSON + "\n"
        return files
    }
}
