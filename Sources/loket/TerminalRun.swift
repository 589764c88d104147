import ArgumentParser
import Logging
import LoketKiosk
import LoketLending
import LoketPeripherals
import LoketStore
import LoketSyncClient
import ServiceLifecycle

struct TerminalRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the terminal agent until SIGTERM or Ctrl-C.",
        discussion: """
            The agent keeps the replica in sync with the hub (every --interval seconds,
            backing off with jitter while the hub is away) and stops cleanly on SIGTERM
            or Ctrl-C. Its state shows in `loket sync status --db DB`. After each round
            it applies what arrived: trust rotations and the newest version of its
            profile (the browser policy, units and settings; see loket terminal
            apply), and reports the result to the hub. It serves the kiosk screen on
            --screen (start as guest or with a card, the services of the profile, the
            session bar, the end screen), runs the visitor sessions on the terminal's
            own clock, and wipes the session area (--session-dir) after each one. A
            library card tapped on a reader (over pcscd) starts a card session and
            releases the card's held print jobs; the card's number becomes a token
            under the deployment's card key and is never stored. Documents printed in
            a session wait in --print-spool until released, then go to the profile's
            CUPS queue on --cups-server; a printer that is off keeps them waiting.

            A lending desk terminal (--desk HOST:PORT) also serves the lending desk
            screen for staff there: lend (scan the device, the borrower taps their card
            on this terminal's reader), take back, wipe, settle conflicts, overdue. Its
            card reader then names borrowers instead of starting visitor sessions, and
            loan receipts go to --receipt-printer. Loan history past its retention
            period is purged every hour, and reminders for overdue loans are queued (to
            borrowers who asked for them) and, with --mail-drop, e-mailed.

            Prometheus metrics (sync lag, outbox, sessions, wipes, print jobs, errors by
            kind; docs/OPERATIONS.md) are served on --metrics, loopback by default.

            Example:
              loket terminal run --db terminal.sqlite
              loket terminal run --db desk.sqlite --desk 127.0.0.1:8472 \
                  --receipt-printer /dev/loket/receipt-printer
            """)

    @Option(help: "The terminal's replica (SQLite file).") var db: String
    @Option(help: "Seconds between sync rounds.") var interval: Double = 30
    @Option(name: .customLong("ca"), help: "A PEM file of certificate authorities to trust for the hub.") var ca:
        String?
    @Option(help: "Another address of the same hub (default: the one enrolled at).") var hub: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.") var logLevel = "info"
    @Option(name: .customLong("install-root"), help: "Where installed files go below (a folder for trials).")
    var installRoot = "/"
    @Option(help: "HOST:PORT of the kiosk screen, on loopback.") var screen = "127.0.0.1:8471"
    @Option(name: .customLong("session-dir"), help: "The session area, emptied after every session (a tmpfs).")
    var sessionDir = KioskRuntimeConfiguration().sessionDirectory
    @Option(name: .customLong("kiosk-unit"), help: "The systemd unit of the kiosk browser, stopped for each wipe.")
    var kioskUnit: String?
    @Option(
        name: .customLong("cups-server"), help: "HOST[:PORT] of the CUPS scheduler the profile's print queue is on.")
    var cupsServer = PrintConfiguration().cupsServer
    @Option(name: .customLong("print-spool"), help: "Where documents wait for release and for the printer.")
    var printSpool = PrintConfiguration().spoolDirectory
    @Option(help: "HOST:PORT of the lending desk screen, on loopback (a desk terminal only).") var desk: String?
    @Option(name: .customLong("desk-branch"), help: "The desk's branch (default: the terminal's one branch scope).")
    var deskBranch: String?
    @Option(name: .customLong("receipt-printer"), help: "The desk's receipt printer: tcp://HOST[:PORT] or a device.")
    var receiptPrinter: String?
    @Option(name: .customLong("mail-drop"), help: "A folder the desk writes reminder e-mails into (for the MTA).")
    var mailDrop: String?
    @Option(name: .customLong("mail-from"), help: "The From: of reminder e-mails (with --mail-drop).") var mailFrom:
        String?
    @Option(help: "HOST:PORT of GET /metrics for Prometheus, or off. (0.0.0.0:9471 lets the fleet's Prometheus in.)")
    var metrics = "127.0.0.1:9471"

    func run() async throws {
        guard interval > 0 else { throw ValidationError("--interval must be more than 0 seconds") }
        let logger = try CommandSupport.logger(level: logLevel)
        let replica = try CommandSupport.openTerminal(db)
        var configuration = SyncConfiguration()
        configuration.trustedCertificatesPath = ca
        configuration.intervalSeconds = interval
        let client = try SyncClient(
            replica: replica, configuration: configuration, clock: SystemWallClock(), logger: logger, hub: hub)
        let catalog: HardwareCatalog
        do { catalog = try CatalogResources.shipped() } catch { throw CommandError(error.message) }
        let devices = DeviceRegistry(catalog: catalog, logger: logger)
        let watch = DeviceWatch(
            registry: devices, expected: { InstalledProfile.read(replica)?.peripherals.watchedKinds ?? [] },
            replica: replica, terminal: client.identity.terminal, clock: SystemWallClock(), logger: logger)
        let applier = ProfileApplier(
            replica: replica, installer: ProfileInstaller(root: installRoot), clock: SystemWallClock(), logger: logger,
            peripherals: { expected in expected.satisfied(by: devices) })
        var kiosk = KioskRuntimeConfiguration()
        (kiosk.screenHost, kiosk.screenPort) = try CommandSupport.hostAndPort(screen, option: "--screen")
        kiosk.sessionDirectory = sessionDir
        kiosk.kioskUnit = kioskUnit
        kiosk.printing.cupsServer = cupsServer
        kiosk.printing.spoolDirectory = printSpool
        let runtime = try KioskRuntime(
            replica: replica, terminal: client.identity.terminal, authority: client, configuration: kiosk,
            clock: SystemWallClock(), logger: logger,
            onScreenRunning: { host, port in CommandSupport.printLine("kiosk screen on http://\(host):\(port)/") })
        let meter = LoketMetrics()
        AgentMetrics.register(meter, replica: replica, terminal: client.identity.terminal)
        let agent = SyncAgent(
            client: client, configuration: configuration, logger: logger, metrics: meter,
            health: {
                await runtime.health(expected: InstalledProfile.read(replica)?.peripherals.presence(in: devices) ?? [])
            },
            afterRound: {
                do { try applier.apply() } catch {
                    meter.counter("loket_errors_total", [("kind", "profile-apply")]).increment()
                    logger.error("applying profiles failed", metadata: ["error": "\(error)"])
                }
                await runtime.afterSync()
                watch.checkExpected()  // a new profile may expect other devices
            })
        var services: [any Service] = [agent, watch] + runtime.services
        if metrics != "off" {
            let (host, port) = try CommandSupport.hostAndPort(metrics, option: "--metrics")
            services.append(
                MetricsServer(
                    metrics: meter, host: host, port: port, logger: logger,
                    onRunning: { host, port in CommandSupport.printLine("metrics on http://\(host):\(port)/metrics") }))
        }
        let deskRuntime = try desk.map {
            try lendingDesk($0, replica: replica, identity: client.identity, logger: logger)
        }
        services += deskRuntime?.services ?? []
        if let key = client.identity.cardKey {
            let tokenizer = try CardTokenizer(key: key)
            services.append(
                deskRuntime?.cardReaderWatch(tokenizer: tokenizer) ?? runtime.cardReaderWatch(tokenizer: tokenizer))
        } else {
            logger.warning(
                "card reading is off: the hub gave this terminal no card key at enrolment; enrol it again at a current hub"
            )
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.info("terminal agent started", metadata: ["terminal": "\(client.identity.terminal)"])
        try await group.run()
        try replica.close()
        logger.info("terminal agent stopped")
    }

    /// The reminders' mail drop, when asked for.
    func mailSender() throws -> MailDropSender? {
        guard let mailDrop else { return nil }
        guard let mailFrom else {
            throw CommandError("--mail-drop needs --mail-from (the address reminders come from)")
        }
        return MailDropSender(folder: mailDrop, from: mailFrom)
    }

    /// The lending desk on `address`, at the desk's branch.
    func lendingDesk(_ address: String, replica: Replica, identity: TerminalIdentity, logger: Logger) throws
        -> DeskRuntime
    {
        let (host, port) = try CommandSupport.hostAndPort(address, option: "--desk")
        let branch: String
        do { branch = try LendingDesk.branch(given: deskBranch, scopes: identity.scopes) } catch {
            throw CommandError("\(error.message) (--desk-branch ID)")
        }
        let printer = try receiptPrinter.map { text in
            do { return ReceiptPrinter(destination: try ReceiptDestination.parse(text)) } catch {
                throw CommandError("--receipt-printer: \(error)")
            }
        }
        let lending = try LendingDesk(
            replica: replica, branch: branch, desk: identity.terminal,
            rules: InstalledProfile.read(replica)?.lending ?? LendingRules(), clock: SystemWallClock(),
            logger: logger)
        return try DeskRuntime(
            desk: lending, host: host, port: port,
            language: InstalledProfile.read(replica)?.languages.default ?? "nl", receiptPrinter: printer,
            reminderSender: try mailSender(), clock: SystemWallClock(), logger: logger,
            onScreenRunning: { host, port in CommandSupport.printLine("lending desk on http://\(host):\(port)/") })
    }
}
