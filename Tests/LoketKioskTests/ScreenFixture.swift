import Foundation
import LoketKiosk
import LoketStore
import LoketSync
import LoketTesting

/// A kiosk screen over a fresh replica in a temporary folder, with a manual clock and two
/// services (DigiD, Toeslagen): what the screen's tests start from.
struct ScreenFixture {
    var screen: KioskScreen
    var controller: SessionController
    var replica: Replica
    var clock: ManualWallClock
    var folder: TemporaryDirectory
    /// The session area the wipe empties.
    var session: String

    static let services = [
        AllowedService(name: "DigiD", category: "government", icon: "digid", urls: ["https://*.digid.nl/*"]),
        AllowedService(
            name: "Toeslagen", category: "government", icon: "allowance", urls: ["https://*.toeslagen.nl/*"]),
    ]

    init(prefix: String, features: ScreenFeatures = ScreenFeatures(), timeZone: TimeZone = .current) throws {
        folder = try TemporaryDirectory(prefix: prefix)
        clock = ManualWallClock()
        var configuration = ReplicaConfiguration()
        configuration.wallClock = clock
        replica = try Replica(path: folder.path("t.sqlite"), configuration: configuration, logger: TestLogging.silent)
        session = folder.path("session")
        controller = SessionController(
            replica: replica, terminal: "t1", rules: SessionRules(),
            wiper: SessionWiper(
                configuration: WipeConfiguration(sessionDirectory: session), logger: TestLogging.silent),
            allowances: CardAllowanceBook(replica: replica, terminal: "t1", authority: nil, logger: TestLogging.silent),
            clock: clock, logger: TestLogging.silent, timeZone: timeZone, closeBrowser: {})
        let services = Self.services
        screen = try KioskScreen(
            controller: controller, defaults: ScreenPreferences(), guestsAllowed: true, clock: clock,
            features: features,
            questions: HelpQuestionLog(
                replica: replica, terminal: "t1", timeZone: timeZone, logger: TestLogging.silent),
            services: { services })
    }
}
