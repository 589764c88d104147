/// What the privacy wipe empties after every session.
public struct WipeConfiguration: Sendable, Equatable {
    /// The session area: the browser's profile folder, downloads and the session's files
    /// live below it, and nothing else does. Emptied whole, then checked to hold no file.
    /// Put it on a tmpfs (`/run` is one on Debian), so deleted data never reaches a disk.
    /// The default is `/run/loket/session`.
    public var sessionDirectory: String
    /// Folders made again, empty, after the wipe, relative to the session area (the
    /// browser's profile, downloads). The default is `chromium` and `downloads`.
    public var recreate: [String]

    public init(sessionDirectory: String = "/run/loket/session", recreate: [String] = ["chromium", "downloads"]) {
        self.sessionDirectory = sessionDirectory
        self.recreate = recreate
    }
}
