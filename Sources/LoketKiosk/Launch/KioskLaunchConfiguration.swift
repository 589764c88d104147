/// Paths and accounts of a kiosk terminal's installation.
public struct KioskLaunchConfiguration: Sendable, Equatable {
    /// The `loket` binary. The default is `/usr/bin/loket`.
    public var loketPath: String
    /// The Wayland kiosk compositor. The default is `/usr/bin/cage`.
    public var cagePath: String
    /// The browser. The default is `/usr/bin/chromium`.
    public var chromiumPath: String
    /// The terminal's replica. The default is `/var/lib/loket/terminal.sqlite`.
    public var replicaPath: String
    /// The account the agent runs as. The default is `root`: the agent installs the
    /// profile's browser policy and kiosk unit and wipes sessions; its unit confines it
    /// to a read-only system but for the folders it writes.
    public var agentUser: String
    /// The account the kiosk screen runs as: no password, no shell use. The default is
    /// `loket-kiosk`.
    public var kioskUser: String
    /// The console the kiosk screen takes. The default is `tty1`.
    public var tty: String
    /// The folder wiped after each session (the browser's profile, downloads). The
    /// default is `/run/loket/session`.
    public var sessionDirectory: String
    public var browser: BrowserPolicyConfiguration
    /// Where systemd units go. The default is `/etc/systemd/system`.
    public var unitDirectory: String = "/etc/systemd/system"
    /// Where PAM files go. The default is `/etc/pam.d`.
    public var pamDirectory: String = "/etc/pam.d"
    /// Where the session bar's browser extension (``KioskExtension``) goes; Chromium loads
    /// it from there. The default is `/etc/loket/session-bar`.
    public var extensionDirectory: String = "/etc/loket/session-bar"

    public init(
        loketPath: String = "/usr/bin/loket", cagePath: String = "/usr/bin/cage",
        chromiumPath: String = "/usr/bin/chromium", replicaPath: String = "/var/lib/loket/terminal.sqlite",
        agentUser: String = "root", kioskUser: String = "loket-kiosk", tty: String = "tty1",
        sessionDirectory: String = "/run/loket/session", browser: BrowserPolicyConfiguration = .init()
    ) {
        self.loketPath = loketPath
        self.cagePath = cagePath
        self.chromiumPath = chromiumPath
        self.replicaPath = replicaPath
        self.agentUser = agentUser
        self.kioskUser = kioskUser
        self.tty = tty
        self.sessionDirectory = sessionDirectory
        self.browser = browser
    }
}
