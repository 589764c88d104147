/// Everything a terminal makes of a profile, as file name → contents: the Chromium
/// managed policy, the systemd units, cage's PAM file, the session bar's extension
/// (`session-bar/…`) and the agent's settings as JSON. `loket profile render` writes these
/// for a person to read; ``ProfileInstaller`` installs them.
public enum KioskRendering {
    public static let settingsFileName = "agent-settings.json"
    /// The folder of the session bar's files among the rendered ones.
    public static let extensionFolder = "session-bar"

    /// Throws when the session bar's files are not installed beside the binary.
    public static func files(
        _ profile: KioskProfile, configuration: KioskLaunchConfiguration
    ) throws(ScreenError) -> [String: String] {
        var files = KioskLaunch.files(profile, configuration: configuration)
        for (name, text) in try KioskExtension.files(kioskURL: configuration.browser.kioskURL) {
            files[extensionFolder + "/" + name] = text
        }
        files[ChromiumPolicy.fileName] = String(
            decoding: ChromiumPolicy.render(profile, configuration: configuration.browser), as: UTF8.self)
        files[settingsFileName] = AgentSettings.json(profile).prettyJSON + "\n"
        return files
    }
}
