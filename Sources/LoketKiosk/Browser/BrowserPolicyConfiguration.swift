/// Where the kiosk browser finds the terminal's own pages and puts a session's files.
public struct BrowserPolicyConfiguration: Sendable, Equatable {
    /// The kiosk screen the agent serves on loopback: the start page, the new-tab page,
    /// always allowed. The default is `http://127.0.0.1:8471/`.
    public var kioskURL: String
    /// The session's download folder, wiped at the session's end. The default is
    /// `/run/loket/session/downloads`.
    public var downloadDirectory: String
    /// Where Debian's Chromium reads managed policies. The default is
    /// `/etc/chromium/policies/managed`.
    public var policyDirectory: String

    public init(
        kioskURL: String = "http://127.0.0.1:8471/", downloadDirectory: String = "/run/loket/session/downloads",
        policyDirectory: String = "/etc/chromium/policies/managed"
    ) {
        self.kioskURL = kioskURL
        self.downloadDirectory = downloadDirectory
        self.policyDirectory = policyDirectory
    }
}
