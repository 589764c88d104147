import Foundation
import Hummingbird
public import Logging
public import LoketPeripherals
public import LoketProtocol
public import LoketStore
public import LoketSync
public import ServiceLifecycle
import Synchronization

/// The terminal's kiosk parts put together: the session controller with the profile's
/// rules, the wipe, the card minutes' escrow, the screen (and the information point's
/// helper view) served on loopback, and the ticker — as services for the agent's
/// `ServiceGroup`.
public final class KioskRuntime: Sendable {
    public let controller: SessionController
    public let screen: KioskScreen
    /// The terminal's print release (idle while the profile has no printing).
    public let printQueue: PrintQueue
    public let services: [any Service]
    let replica: Replica
    let allowances: CardAllowanceBook
    /// The cards' free pages, escrowed like their minutes.
    let pages: CardAllowanceBook
    let logger: Logger
    /// The installed profile's digest the runtime's rules come from.
    let adoptedDigest: Mutex<String?>

    public init(
        replica: Replica, terminal: String, authority: (any AllowanceAuthority)?,
        configuration: KioskRuntimeConfiguration, clock: any WallClock, logger: Logger,
        onScreenRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws(ScreenError) {
        try LoopbackName.require(configuration.screenHost, option: "the kiosk screen's address")
        let profile = InstalledProfile.read(replica)
        let rules = profile?.session ?? SessionRules()
        let unit = configuration.kioskUnit
        let allowances = CardAllowanceBook(replica: replica, terminal: terminal, authority: authority, logger: logger)
        let pages = CardAllowanceBook(
            replica: replica, terminal: terminal, authority: authority, unit: .pages, logger: logger)
        let printQueue = PrintQueue(
            replica: replica, terminal: terminal, configuration: configuration.printing,
            rules: { Self.printRules(InstalledProfile.read(replica)) }, allowance: pages, clock: clock, logger: logger)
        let controller = SessionController(
            replica: replica, terminal: terminal, rules: rules,
            wiper: SessionWiper(
                configuration: WipeConfiguration(sessionDirectory: configuration.sessionDirectory), logger: logger,
                cancelHeldPrintJobs: { session in try printQueue.sessionEnded(session) }),
            allowances: allowances,
            clock: clock, logger: logger, profile: profile.map(Self.expiry),
            profileRevoked: (try? replica.setting(KioskSettingKeys.installedRevoked)) ?? nil,
            closeBrowser: { if let unit { try Self.systemctl("stop", unit) } },
            openBrowser: { if let unit { try Self.systemctl("start", unit) } })
        let (defaults, features) = Self.screenSettings(profile)
        let screen = try KioskScreen(
            controller: controller, defaults: defaults, guestsAllowed: rules.guestsAllowed, clock: clock,
            features: features, questions: HelpQuestionLog(replica: replica, terminal: terminal, logger: logger),
            printQueue: printQueue, services: { InstalledProfile.read(replica)?.services ?? [] })
        let application = Application(
            router: KioskScreenRouter.make(screen),
            configuration: .init(address: .hostname(configuration.screenHost, port: configuration.screenPort)),
            onServerRunning: { channel in
                await onScreenRunning(configuration.screenHost, channel.localAddress?.port ?? configuration.screenPort)
            },
            logger: logger)
        self.controller = controller
        self.screen = screen
        self.replica = replica
        self.allowances = allowances
        self.pages = pages
        self.logger = logger
        self.adoptedDigest = Mutex(try? replica.setting(KioskSettingKeys.installedDigest))
        self.printQueue = printQueue
        self.services = [
            application, SessionTicker(screen: screen, controller: controller), PrintUpkeep(queue: printQueue),
        ]
    }

    /// After a sync round (and the profile applier's turn): takes up a newly installed
    /// profile's rules — for the next session; the running one keeps its own — and gives
    /// back the cards' minutes and free pages whose release could not reach the hub before.
    public func afterSync() async {
        await adoptInstalledProfile()
        let dailyMinutes = await controller.dailyMinutesPerCard
        if dailyMinutes > 0 {
            do { try await allowances.releasePending(limitMinutes: dailyMinutes) } catch {
                logger.warning("releasing cards' minutes failed", metadata: ["error": "\(error)"])
            }
        }
        let freePages = Self.printRules(InstalledProfile.read(replica)).freePagesPerDay
        if freePages > 0 {
            do { try await pages.releasePending(limitMinutes: freePages) } catch {
                logger.warning("releasing cards' free pages failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The watch on the terminal's card readers, for the agent's `ServiceGroup`: a card
    /// tapped while the kiosk waits starts a card session under the card's token (during
    /// a session the machine takes a tap as the visitor's input), and every tap releases
    /// the card's held print jobs.
    public func cardReaderWatch(tokenizer: CardTokenizer) -> CardReaderWatch {
        CardReaderWatch(tokenizer: tokenizer, logger: logger) { [screen, printQueue] event in
            guard case .tapped(let token, _, _) = event else { return }
            await screen.act(.startCard(token: token))
            // The terminal's reader is also the release station of the card's held prints.
            await screen.printReleased(await printQueue.release(card: token))
            printQueue.dispatchSoon()
        }
    }

    /// After each sync: hands the installed profile's expiry and trust to the session
    /// controller (a rotation may have revoked it), and reads its rules again when the
    /// applier installed another one.
    public func adoptInstalledProfile() async {
        let digest = try? replica.setting(KioskSettingKeys.installedDigest)
        guard let profile = InstalledProfile.read(replica) else { return }
        // Its expiry and its trust, every time: a trust rotation may have revoked it.
        let (name, expiresAt) = Self.expiry(profile)
        let revoked = (try? replica.setting(KioskSettingKeys.installedRevoked)) ?? nil
        await screen.take(await controller.profile(name, expiresAt: expiresAt, revoked: revoked))
        guard adoptedDigest.withLock({ $0 }) != digest else { return }
        adoptedDigest.withLock { $0 = digest }
        await controller.adopt(profile.session)
        let (defaults, features) = Self.screenSettings(profile)
        await screen.adopt(defaults: defaults, guestsAllowed: profile.session.guestsAllowed, features: features)
        logger.notice(
            "the kiosk follows the newly installed profile from the next session on",
            metadata: ["profile": "\(profile.id)", "version": "\(profile.version)"])
    }

    /// A profile's name (`id@version`) and expiry (Unix milliseconds), for the session
    /// controller, which stops the terminal past it.
    static func expiry(_ profile: KioskProfile) -> (name: String, expiresAt: Int64) {
        ("\(profile.id)@\(profile.version)", Int64(profile.expiryDate.timeIntervalSince1970 * 1000))
    }

    /// What printing costs under a profile (`nil`: none installed, no printing).
    static func printRules(_ profile: KioskProfile?) -> PrintRules {
        let printing = profile?.printing
        return PrintRules(
            queue: printing?.enabled == true ? printing?.queue : nil, freePagesPerDay: printing?.freePagesPerDay ?? 0,
            pricePerPageCents: printing?.pricePerPageCents ?? 0)
    }

    /// The start screen's defaults and the screen's features from a profile (`nil`: none
    /// installed yet).
    static func screenSettings(_ profile: KioskProfile?) -> (ScreenPreferences, ScreenFeatures) {
        let defaults = ScreenPreferences(
            language: profile?.languages.default ?? "nl",
            largeText: profile.map { $0.accessibility.textSize != "normal" } ?? false,
            highContrast: profile?.accessibility.highContrast ?? false)
        let features = ScreenFeatures(
            helperMode: profile?.informationPoint.helperMode ?? false,
            helpButtonText: profile?.informationPoint.helpButtonText, printing: profile?.printing)
        return (defaults, features)
    }

    static func systemctl(_ verb: String, _ unit: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemctl")
        process.arguments = [verb, unit]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScreenError("systemctl \(verb) \(unit) failed with status \(process.terminationStatus)")
        }
    }
}
