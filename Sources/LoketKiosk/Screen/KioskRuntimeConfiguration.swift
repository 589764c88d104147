public import LoketPeripherals

/// Where the terminal's kiosk parts live: the screen's address, the session area, the
/// kiosk's systemd unit.
public struct KioskRuntimeConfiguration: Sendable, Equatable {
    /// The kiosk screen's address, on loopback. The default is `127.0.0.1`, port 8471.
    public var screenHost: String = "127.0.0.1"
    public var screenPort: Int = 8471
    /// The wipe's session area. The default is `/run/loket/session`.
    public var sessionDirectory: String = "/run/loket/session"
    /// The systemd unit that shows the browser (`loket-kiosk.service`): stopped before a
    /// wipe, started after it. The default is `nil`: no browser is managed (a trial).
    public var kioskUnit: String?
    /// Printing: the CUPS server, the spool folder, how long a card's jobs wait for a tap.
    public var printing = PrintConfiguration()

    public init() {}
}
