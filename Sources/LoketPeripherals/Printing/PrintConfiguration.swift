/// How the terminal prints. Every field has a default for a terminal with its own cupsd.
public struct PrintConfiguration: Sendable, Equatable {
    /// The CUPS scheduler for queue names: `HOST[:PORT]`. Default `localhost:631`.
    public var cupsServer = "localhost:631"
    /// Where documents wait until the printer has them: the agent's own folder (mode
    /// 0700). Default `/var/lib/loket/print-spool`.
    public var spoolDirectory = "/var/lib/loket/print-spool"
    /// How long a card's held jobs wait for a tap after its session ended. Default 30.
    public var heldMinutes = 30
    /// The largest document taken. Default 64 MiB.
    public var maxDocumentBytes = 64 << 20

    public init() {}
}
