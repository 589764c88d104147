import Foundation
public import LoketPeripherals
public import LoketSync
import Mustache

/// The kiosk screen's state and pages: what a visitor sees for each phase of the session
/// (start, services with the session bar, warning, end, out of order, help, DigiD
/// Machtigen, printing), in their language, and the information point's helper view on a
/// second screen; rendered on the server so it works without JavaScript.
/// ``KioskScreenRouter`` serves it.
public actor KioskScreen {
    let controller: SessionController
    let strings: ScreenStrings
    let library: MustacheLibrary
    var defaults: ScreenPreferences
    let services: @Sendable () -> [AllowedService]
    var guestsAllowed: Bool
    var features: ScreenFeatures
    let questions: HelpQuestionLog?
    /// The terminal's print release; `nil` where the terminal does not print.
    let printQueue: PrintQueue?
    let clock: any WallClock
    public private(set) var preferences: ScreenPreferences
    /// The visitor's request for help, and the helper who joined it.
    public private(set) var helperVisit: HelperVisit?
    /// What the helper's next page must say (a wrong code, a question counted).
    var helperNotice: String?
    /// When the last wipe finished: the end screen shows for a while after it.
    var wipedAt: Int64?
    /// The last refusal, shown once on the next page.
    var notice: String?

    /// How long "everything is erased" stays, milliseconds.
    static let endScreenMilliseconds: Int64 = 15_000

    /// - Parameters:
    ///   - features: helper mode, the help button's text, printing (from the profile).
    ///   - questions: where the helper's question categories are counted; `nil` counts none.
    ///   - printQueue: the terminal's print release; `nil` where it does not print.
    public init(
        controller: SessionController, defaults: ScreenPreferences, guestsAllowed: Bool, clock: any WallClock,
        features: ScreenFeatures = ScreenFeatures(), questions: HelpQuestionLog? = nil, printQueue: PrintQueue? = nil,
        services: @escaping @Sendable () -> [AllowedService]
    ) throws(ScreenError) {
        self.printQueue = printQueue
        self.controller = controller
        self.strings = try ScreenStrings.load()
        var templates: [String: MustacheTemplate] = [:]
        for name in ["page", "helper"] {
            let text = String(decoding: try ScreenResources.data("\(name).mustache"), as: UTF8.self)
            do { templates[name] = try MustacheTemplate(string: text) } catch {
                throw ScreenError("\(name).mustache does not parse: \(error)")
            }
        }
        self.library = MustacheLibrary(templates: templates)
        self.features = features
        self.questions = questions
        self.defaults = defaults
        self.preferences = defaults
        self.guestsAllowed = guestsAllowed
        self.clock = clock
        self.services = services
    }

    var now: Int64 { Int64(clamping: clock.nowMilliseconds()) }

    /// A new profile's screen settings: the start screen's defaults (for the next visitor),
    /// whether guests may start, helper mode and printing.
    public func adopt(defaults: ScreenPreferences, guestsAllowed: Bool, features: ScreenFeatures) {
        self.defaults = defaults
        self.guestsAllowed = guestsAllowed
        self.features = features
        if !features.helperMode { helperVisit = nil }
    }

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
        case .requestHelp:
            // A new code each time: the old one, seen by others or typed wrong, is gone.
            if features.helperMode, let session = await controller.phase.session {
                helperVisit = HelperVisit(sessionID: session.id, code: Self.newCode())
            }
            effects = []
        case .stopHelp:
            helperVisit = nil
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
            case .ended: helperVisit = nil  // the help ends with the session
            default: break
            }
        }
    }

    /// The page for the current phase; `fresh` skips the end screen to the start; `view`
    /// shows help, DigiD Machtigen or printing instead of the services.
    public func page(fresh: Bool = false, view: ScreenView = .main) async -> String {
        let phase = await controller.phase
        let visit = currentVisit(phase)
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
            context["helpLabel"] = helpLabel(table)
            context["helperActive"] = visit?.joined == true
            context["endsAt"] = session.endsAt
            context["timeLeft"] = timeLeft(session)
            let tiles = services().map { service in
                ["name": service.name, "url": Self.entryURL(service), "icon": service.icon]
            }
            if view == .main { context["tiles"] = ["count": !tiles.isEmpty, "list": tiles] }
            if case .warning(_, let reason, let deadline) = phase {
                context["warning"] = warning(reason, deadline: deadline)
                context["canContinue"] = reason == .idle
                context["canExtend"] = reason == .timeUp && session.kind == .card
            }
        case .ending, .wiping:
            context["title"] = table["ending"]
        case .outOfOrder, .profileInvalid:
            context["title"] = table["outOfOrder"]
            context["outOfOrder"] = true
        }
        if view != .main, phase.name != "out-of-order", phase.name != "profile-invalid" {
            add(view, visit: visit, session: phase.session, table: table, to: &context)
        }
        return library.render(context, withTemplate: "page") ?? ""
    }

    /// The help, DigiD Machtigen and print pages' parts.
    func add(
        _ view: ScreenView, visit: HelperVisit?, session: ActiveSession?, table: [String: String],
        to context: inout [String: Any]
    ) {
        let language = preferences.language
        let inSession = session != nil
        context["backLink"] = true
        context["backText"] = inSession ? table["back"] : table["startAgain"]
        switch view {
        case .main:
            return
        case .help:
            context["title"] = helpLabel(table)
            context["helpView"] = true
            context["helperMode"] = features.helperMode
            if let visit, !visit.joined { context["helpCode"] = visit.code }
            context["canRequestHelp"] = features.helperMode && inSession && visit == nil
        case .machtigen:
            context["title"] = table["machtigenTitle"]
            context["machtigenView"] = true
        case .print:
            context["title"] = table["print"]
            context["printView"] = true
            if let printing = features.printing, printing.enabled {
                context["printing"] = true
                if printing.freePagesPerDay > 0 {
                    context["printFree"] = strings.text("printFree", language, ["pages": "\(printing.freePagesPerDay)"])
                }
                if printing.pricePerPageCents > 0 {
                    context["printPrice"] = strings.text(
                        "printPrice", language, ["price": Self.euros(printing.pricePerPageCents, language)])
                }
                if let printQueue, let session {
                    let jobs = printQueue.jobs(session: session.id)
                    let lines = jobs.map { job in
                        [
                            "text": strings.text(
                                "printJob", language,
                                [
                                    "pages": "\(job.pages)",
                                    "state": table["printState." + job.state.rawValue] ?? job.state.rawValue,
                                ])
                        ]
                    }
                    context["printJobs"] = ["count": !lines.isEmpty, "list": lines]
                    context["canRelease"] = jobs.contains { $0.state == PrintJobState.held }
                }
            }
        }
    }

    /// "Nu printen": releases the session's held print jobs; the next page says what happened.
    public func releasePrints() async {
        guard let printQueue, let session = await controller.phase.session else { return }
        printReleased(await printQueue.release(session: session.id))
        printQueue.dispatchSoon()
    }

    /// Says on the next page what a release did (a tap at the reader releases too).
    public func printReleased(_ result: PrintRelease) {
        guard result.jobs > 0 || result.stillHeld > 0 else { return }
        let language = preferences.language
        var parts: [String] = []
        if result.jobs > 0 {
            parts.append(
                strings.text("printReleased", language, ["jobs": "\(result.jobs)", "pages": "\(result.pages)"]))
        }
        if result.chargeCents > 0 {
            parts.append(strings.text("printCharge", language, ["price": Self.euros(result.chargeCents, language)]))
        }
        if result.stillHeld > 0 { parts.append(strings.text("printStillHeld", language)) }
        notice = parts.joined(separator: " ")
    }

    /// A document the visitor printed (the kiosk's print path hands it here): held for the
    /// session, answers the job's id. Throws ``ScreenError`` when nothing can be printed
    /// now, ``PrintError`` for the document itself.
    public func submitPrint(_ document: [UInt8], format: String) async throws -> String {
        guard let printQueue, features.printing?.enabled == true else {
            throw ScreenError("this terminal does not print")
        }
        guard let session = await controller.phase.session else {
            throw ScreenError("no session is running: a document is printed within a visitor's session")
        }
        return try printQueue.submit(document, format: format, session: session.id, card: session.card)
    }

    /// "Nog 12 minuten": the session's time left, whole minutes rounded up, in the visitor's language.
    func timeLeft(_ session: ActiveSession) -> String {
        let minutes = Int((session.endsAt - now + 59_999) / 60_000)
        return minutes == 1
            ? strings.text("oneMinuteLeft", preferences.language)
            : strings.text("minutesLeft", preferences.language, ["minutes": "\(minutes)"])
    }

    /// The warning's words, with the seconds left until `deadline`.
    func warning(_ reason: WarningReason, deadline: Int64) -> String {
        let seconds = "\(max(0, (deadline - now + 999) / 1000))"
        return strings.text(
            reason == .idle ? "warningIdle" : "warningTimeUp", preferences.language, ["seconds": seconds])
    }

    /// The help button's words: the profile's in its default language, else the screen's.
    func helpLabel(_ table: [String: String]) -> String {
        let own = table["help"] ?? "Hulp"
        return preferences.language == defaults.language ? (features.helpButtonText ?? own) : own
    }

    /// `€ 0,10` (Dutch) or `€0.10` (English).
    static func euros(_ cents: Int, _ language: String) -> String {
        let amount = String(format: "%d%@%02d", cents / 100, language == "nl" ? "," : ".", cents % 100)
        return language == "nl" ? "€ \(amount)" : "€\(amount)"
    }

    /// The visit, while its session runs.
    func currentVisit(_ phase: SessionPhase) -> HelperVisit? {
        guard let visit = helperVisit else { return nil }
        guard phase.session?.id == visit.sessionID else {
            helperVisit = nil
            return nil
        }
        return visit
    }

    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(format: "%04d", Int.random(in: 0...9999, using: &generator))
    }

    // MARK: The helper's second screen

    /// The helper's page: off, the code form, or — for the joined helper (`token`) — how
    /// to help, the services, DigiD Machtigen and the question categories. It shows
    /// nothing of the visitor: no page they are on, nothing they type.
    public func helperPage(token: String?) async -> String {
        let phase = await controller.phase
        let visit = currentVisit(phase)
        let language = preferences.language
        let table = strings.table(language)
        var context: [String: Any] = ["lang": language, "strings": table]
        if let helperNotice {
            context["notice"] = helperNotice
            self.helperNotice = nil
        }
        guard features.helperMode else {
            context["off"] = true
            return library.render(context, withTemplate: "helper") ?? ""
        }
        guard let visit, visit.isHelper(token), let session = phase.session else {
            context["join"] = true
            context["requested"] = visit != nil && visit?.joined == false
            return library.render(context, withTemplate: "helper") ?? ""
        }
        context["joined"] = true
        context["timeLeft"] = timeLeft(session)
        let names = services().map(\.name)
        context["services"] = ["count": !names.isEmpty, "list": names]
        context["categories"] = HelpCategory.allCases.map {
            ["id": $0.rawValue, "name": strings.text("category.\($0.rawValue)", language)]
        }
        let counts = (try? questions?.counts(on: now)) ?? [:]
        let list = HelpCategory.allCases.compactMap { category in
            counts[category].map {
                ["name": strings.text("category.\(category.rawValue)", language), "count": "\($0)"]
            }
        }
        context["counts"] = ["count": !list.isEmpty, "list": list]
        return library.render(context, withTemplate: "helper") ?? ""
    }

    /// A helper typed `code` on the second screen; joins them as `token` when it is the
    /// visitor's. Answers whether they joined.
    public func helperJoin(code: String, token: String) async -> Bool {
        guard features.helperMode, var visit = currentVisit(await controller.phase) else {
            helperNotice = strings.text("helperNoRequest", preferences.language)
            return false
        }
        let result = visit.join(code: code.trimmingCharacters(in: .whitespaces), token: token)
        switch result {
        case .joined:
            helperVisit = visit
            questions?.audit("help.join", at: now)
            return true
        case .wrongCode:
            helperVisit = visit
            helperNotice = strings.text("helperWrongCode", preferences.language)
        case .locked:
            helperVisit = nil  // the visitor asks again, for a new code
            helperNotice = strings.text("helperLocked", preferences.language)
        case .taken:
            helperNotice = strings.text("helperTaken", preferences.language)
        }
        return false
    }

    /// The joined helper counts one question of `category`; nothing else is kept.
    public func helperQuestion(_ category: HelpCategory, token: String?) async throws(ScreenError) {
        guard let visit = currentVisit(await controller.phase), visit.isHelper(token) else {
            throw ScreenError("only the helper who joined the visitor's session counts questions")
        }
        do { try questions?.record(category, at: now) } catch {
            throw ScreenError("the question could not be counted: \(error)")
        }
        helperNotice = strings.text(
            "helperQuestionLogged", preferences.language,
            ["category": strings.text("category.\(category.rawValue)", preferences.language)])
    }

    /// The helper stops helping.
    public func helperLeave(token: String?) async {
        guard let visit = currentVisit(await controller.phase), visit.isHelper(token) else { return }
        questions?.audit("help.leave", at: now)
        helperVisit = nil
        helperNotice = strings.text("helperEnded", preferences.language)
    }

    /// The phase and the seconds left, for the page's script; during a session also the
    /// session bar's texts in the visitor's language, for the bar on service pages (the
    /// browser extension): time left, the warning, "I am still here", back, stop.
    public func status() async -> [String: String] {
        let phase = await controller.phase
        var status = ["phase": phase.name]
        guard let session = phase.session else { return status }
        let language = preferences.language
        status["seconds_left"] = "\(max(0, (session.endsAt - now) / 1000))"
        status["text_time_left"] = timeLeft(session)
        status["text_bar"] = strings.text("barLabel", language)
        status["text_back"] = strings.text("backToKiosk", language)
        status["text_end"] = strings.text("endSession", language)
        status["text_continue"] = strings.text("continue", language)
        if case .warning(_, let reason, let deadline) = phase {
            status["text_warning"] = warning(reason, deadline: deadline)
            status["can_continue"] = reason == .idle ? "true" : "false"
        }
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
