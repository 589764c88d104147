import Foundation
public import LoketSync
import Mustache

/// The kiosk screen's state and pages: what a visitor sees for each phase of the session
/// (start, services with the session bar, warning, end, out of order), in their language,
/// rendered on the server so it works without JavaScript. ``KioskScreenRouter`` serves it.
public actor KioskScreen {
    let controller: SessionController
    let strings: ScreenStrings
    let library: MustacheLibrary
    let defaults: ScreenPreferences
    let services: @Sendable () -> [AllowedService]
    let guestsAllowed: Bool
    let clock: any WallClock
    public private(set) var preferences: ScreenPreferences
    /// When the last wipe finished: the end screen shows for a while after it.
    var wipedAt: Int64?
    /// The last refusal, shown once on the next page.
    var notice: String?

    /// How long "everything is erased" stays, milliseconds.
    static let endScreenMilliseconds: Int64 = 15_000

    public init(
        controller: SessionController, defaults: ScreenPreferences, guestsAllowed: Bool, clock: any WallClock,
        services: @escaping @Sendable () -> [AllowedService]
    ) throws(ScreenError) {
        self.controller = controller
        self.strings = try ScreenStrings.load()
        let template = String(decoding: try ScreenResources.data("page.mustache"), as: UTF8.self)
        do {
            self.library = MustacheLibrary(templates: ["page": try MustacheTemplate(string: template)])
        } catch {
            throw ScreenError("page.mustache does not parse: \(error)")
        }
        self.defaults = defaults
        self.preferences = defaults
        self.guestsAllowed = guestsAllowed
        self.clock = clock
        self.services = services
    }

    var now: Int64 { Int64(clamping: clock.nowMilliseconds()) }

    /// Carries out a visitor's action and remembers what the page must say about it.
    public func act(_ action: ScreenAction) async {
        let effects: [SessionEffect]
        switch action {
        case .startGuest: effects = await controller.startGuest()
        case .startCard(let token): effects = await controller.startCard(token: token)
        case .input: effects = await controller.handle(.input)
        case .extend: effects = await controller.extend()
        case .end: effects = await controller.handle(.end)
        case .preferences(let language, let large, let contrast):
            if let language, ScreenStrings.languages.contains(language) { preferences.language = language }
            if let large { preferences.largeText = large }
            if let contrast { preferences.highContrast = contrast }
            effects = []
        }
        take(effects)
    }

    /// Notes what the screen shows of effects (the agent's ticks bring them too).
    public func take(_ effects: [SessionEffect]) {
        for effect in effects {
            switch effect {
            case .refused(let code): notice = strings.text("refused.\(code)", preferences.language)
            case .wiped: wipedAt = now
            default: break
            }
        }
    }

    /// The page for the current phase; `fresh` skips the end screen to the start.
    public func page(fresh: Bool = false) async -> String {
        let phase = await controller.phase
        if case .idle = phase, let wipedAt, fresh || now - wipedAt >= Self.endScreenMilliseconds {
            // The end screen is over: the next visitor starts from the profile's defaults.
            self.wipedAt = nil
            preferences = defaults
        }
        let language = preferences.language
        let table = strings.table(language)
        var context: [String: Any] = [
            "lang": language, "otherLang": language == "nl" ? "en" : "nl", "strings": table,
            "large": preferences.largeText, "contrast": preferences.highContrast, "phase": phase.name, "now": now,
        ]
        if let notice {
            context["notice"] = notice
            self.notice = nil
        }
        switch phase {
        case .idle:
            if let wipedAt, now - wipedAt < Self.endScreenMilliseconds {
                context["title"] = table["erased"]
                context["ended"] = true
            } else {
                context["title"] = table["welcome"]
                context["start"] = true
                context["guests"] = guestsAllowed
            }
        case .active(let session), .warning(let session, _, _):
            context["title"] = table["session"]
            context["bar"] = true
            context["endsAt"] = session.endsAt
            let minutes = Int((session.endsAt - now + 59_999) / 60_000)
            context["timeLeft"] =
                minutes == 1
                ? strings.text("oneMinuteLeft", language)
                : strings.text("minutesLeft", language, ["minutes": "\(minutes)"])
            let tiles = services().map { service in
                ["name": service.name, "url": Self.entryURL(service), "icon": service.icon]
            }
            context["tiles"] = ["count": !tiles.isEmpty, "list": tiles]
            if case .warning(_, let reason, let deadline) = phase {
                let seconds = "\(max(0, (deadline - now + 999) / 1000))"
                context["warning"] = strings.text(
                    reason == .idle ? "warningIdle" : "warningTimeUp", language, ["seconds": seconds])
                context["canContinue"] = reason == .idle
                context["canExtend"] = reason == .timeUp && session.kind == .card
            }
        case .ending, .wiping:
            context["title"] = table["ending"]
        case .outOfOrder:
            context["title"] = table["outOfOrder"]
            context["outOfOrder"] = true
        }
        return library.render(context, withTemplate: "page") ?? ""
    }

    /// The phase and the seconds left, for the page's script.
    public func status() async -> [String: String] {
        let phase = await controller.phase
        var status = ["phase": phase.name]
        if let session = phase.session { status["seconds_left"] = "\(max(0, (session.endsAt - now) / 1000))" }
        return status
    }

    /// Where a tile leads: the service's first address, its wildcards dropped
    /// (`https://*.digid.nl/*` → `https://digid.nl/`).
    static func entryURL(_ service: AllowedService) -> String {
        guard let pattern = service.urls.first else { return "/" }
        var url = pattern.replacingOccurrences(of: "://*.", with: "://")
        if url.hasSuffix("*") { url.removeLast() }
        return url
    }
}
