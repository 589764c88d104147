import Foundation
import Hummingbird
public import Logging
public import LoketProtocol
public import LoketStore
public import LoketSync
public import ServiceLifecycle

/// The terminal's kiosk parts put together: the session controller with the profile's
/// rules, the wipe, the card minutes' escrow, the screen (and the information point's
/// helper view) served on loopback, and the ticker — as services for the agent's
/// `ServiceGroup`.
public struct KioskRuntime: Sendable {
    public let controller: SessionController
    public let screen: KioskScreen
    public let services: [any Service]
    let allowances: CardAllowanceBook
    let dailyMinutes: Int
    let logger: Logger

    public init(
        replica: Replica, terminal: String, authority: (any AllowanceAuthority)?,
        configuration: KioskRuntimeConfiguration, clock: any WallClock, logger: Logger,
        onScreenRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws(ScreenError) {
        let profile = InstalledProfile.read(replica)
        let rules = profile?.session ?? SessionRules()
        let unit = configuration.kioskUnit
        let allowances = CardAllowanceBook(replica: replica, terminal: terminal, authority: authority, logger: logger)
        let controller = SessionController(
            replica: replica, terminal: terminal, rules: rules,
            wiper: SessionWiper(
                configuration: WipeConfiguration(sessionDirectory: configuration.sessionDirectory), logger: logger),
            allowances: allowances,
            clock: clock, logger: logger,
            closeBrowser: { if let unit { try Self.systemctl("stop", unit) } },
            openBrowser: { if let unit { try Self.systemctl("start", unit) } })
        let defaults = ScreenPreferences(
            language: profile?.languages.default ?? "nl",
            largeText: profile.map { $0.accessibility.textSize != "normal" } ?? false,
            highContrast: profile?.accessibility.highContrast ?? false)
        let features = ScreenFeatures(
            helperMode: profile?.informationPoint.helperMode ?? false,
            helpButtonText: profile?.informationPoint.helpButtonText, printing: profile?.printing)
        let screen = try KioskScreen(
            controller: controller, defaults: defaults, guestsAllowed: rules.guestsAllowed, clock: clock,
            features: features, questions: HelpQuestionLog(replica: replica, terminal: terminal, logger: logger),
            services: { InstalledProfile.read(replica)?.services ?? [] })
        let application = Application(
            router: KioskScreenRouter.make(screen),
            configuration: .init(address: .hostname(configuration.screenHost, port: configuration.screenPort)),
            onServerRunning: { channel in
                await onScreenRunning(configuration.screenHost, channel.localAddress?.port ?? configuration.screenPort)
            },
            logger: logger)
        self.controller = controller
        self.screen = screen
        self.allowances = allowances
        self.dailyMinutes = rules.dailyMinutesPerCard
        self.logger = logger
        self.services = [application, SessionTicker(screen: screen, controller: controller)]
    }

    /// After a sync round: gives back the cards' minutes whose release could not reach
    /// the hub before.
    public func afterSync() async {
        guard dailyMinutes > 0 else { return }
        do { try await allowances.releasePending(limitMinutes: dailyMinutes) } catch {
            logger.warning("releasing cards' minutes failed", metadata: ["error": "\(error)"])
        }
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
