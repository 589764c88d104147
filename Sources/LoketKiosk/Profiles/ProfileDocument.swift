public import Foundation
import LoketLending
import Yams

/// Reads a profile from YAML (or JSON, which is YAML too) and checks every field: ranges,
/// forms, fields that depend on each other, unknown names. All issues come at once, each
/// with file, line and field path (``ProfileIssue``).
public enum ProfileDocument {
    /// The profile in `text`; ``ProfileValidationError`` with every issue otherwise.
    /// `file` names the source in the issues.
    public static func parse(_ text: String, file: String = "<input>") throws(ProfileValidationError) -> KioskProfile {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ProfileValidationError(issues: [Self.syntaxIssue(error, file: file)])
        }
        guard let root else {
            throw ProfileValidationError(issues: [
                ProfileIssue(file: file, line: nil, path: "", message: "the document is empty")
            ])
        }
        var reader = ProfileReader(file: file)
        let profile = read(root, &reader)
        guard reader.issues.isEmpty, let profile else { throw ProfileValidationError(issues: reader.issues) }
        return profile
    }

    static let idPattern = "[a-z0-9][a-z0-9-]{0,63}"

    /// Whether `id` is a valid profile (or branch) id: 1–64 of a–z 0–9 -, not starting with -.
    public static func isValidID(_ id: String) -> Bool {
        id.range(of: "^(\(idPattern))$", options: .regularExpression) != nil
    }
    static let urlPattern =
        #"https://(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?(/[^\s*]*\*?)?"#

    static func read(_ root: Node, _ r: inout ProfileReader) -> KioskProfile? {
        let top = r.mapping(
            root, "",
            known: [
                "id", "version", "expires", "description", "targeting", "services", "session", "languages",
                "accessibility", "printing", "peripherals", "offline", "wipe", "informationPoint", "lending",
            ])
        guard case .mapping = root else { return nil }
        let id = r.string(
            top, "id", "", pattern: idPattern,
            patternHelp: "must be 1–64 of a–z 0–9 - (starting with a letter or digit)")
        let version = r.integer(top, "version", "", default: nil, range: 1...Int(Int32.max))
        let expires = r.string(top, "expires", "")
        if let expires, parseTimestamp(expires) == nil {
            r.issue(
                top["expires"], "expires",
                "must be an RFC 3339 time in UTC like 2027-06-30T00:00:00Z, got \"\(expires)\"")
        }
        let description = r.string(top, "description", "", default: "") ?? ""

        let t = r.mapping(top["targeting"], "targeting", known: ["branches", "ring"])
        let targeting = ProfileTargeting(
            branches: r.strings(
                t, "branches", "targeting", pattern: idPattern, patternHelp: "must be a branch id of a–z 0–9 -") ?? [],
            ring: r.choice(t, "ring", "targeting", default: "all", ProfileTargeting.rings))

        var services: [AllowedService] = []
        if let items = r.sequence(top, "services", "") {
            if items.isEmpty { r.issue(top["services"], "services", "must list at least one service") }
            for (index, item) in items.enumerated() {
                let path = "services[\(index)]"
                let s = r.mapping(item, path, known: ["name", "category", "icon", "urls"])
                guard case .mapping = item else { continue }
                let name = r.string(s, "name", path) ?? ""
                if name.count > 40 {
                    r.issue(s["name"], path + ".name", "must be at most 40 characters, got \(name.count)")
                }
                let category = r.choice(s, "category", path, default: "general", AllowedService.categories)
                let icon = r.string(
                    s, "icon", path, default: "globe", pattern: "[a-z0-9-]{1,40}",
                    patternHelp: "must be an icon name of a–z 0–9 -")
                let urls = r.strings(
                    s, "urls", path, pattern: urlPattern,
                    patternHelp: "must be https://host[:port][/path] (host may start with *., path may end with *)")
                if urls == nil { r.missing(path, "urls", "is required: the addresses this service may open") }
                if urls?.isEmpty == true { r.issue(s["urls"], path + ".urls", "must list at least one URL pattern") }
                if services.contains(where: { $0.name == name }) {
                    r.issue(s["name"], path + ".name", "\"\(name)\" names two services")
                }
                services.append(AllowedService(name: name, category: category, icon: icon ?? "globe", urls: urls ?? []))
            }
        } else {
            r.missing("", "services", "is required: at least one service visitors may use")
        }

        let sp = "session"
        let s = r.mapping(
            top["session"], sp,
            known: [
                "dailyMinutesPerCard", "sessionMinutes", "idleTimeout", "warningSeconds", "guestsAllowed",
                "guestSessionMinutes", "reservations", "reservationHoldMinutes",
            ])
        let session = SessionRules(
            dailyMinutesPerCard: r.integer(
                s, "dailyMinutesPerCard", sp, default: 120, range: 0...1440, unit: "minutes"),
            sessionMinutes: r.integer(s, "sessionMinutes", sp, default: 60, range: 5...480, unit: "minutes"),
            idleTimeout: r.integer(s, "idleTimeout", sp, default: 300, range: 30...3600, unit: "seconds"),
            warningSeconds: r.integer(s, "warningSeconds", sp, default: 60, range: 10...600, unit: "seconds"),
            guestsAllowed: r.boolean(s, "guestsAllowed", sp, default: true),
            guestSessionMinutes: r.integer(s, "guestSessionMinutes", sp, default: 30, range: 5...240, unit: "minutes"),
            reservations: r.boolean(s, "reservations", sp, default: false),
            reservationHoldMinutes: r.integer(
                s, "reservationHoldMinutes", sp, default: 10, range: 1...60, unit: "minutes"))
        if session.warningSeconds >= session.idleTimeout, s["warningSeconds"] != nil || s["idleTimeout"] != nil {
            r.issue(
                s["warningSeconds"] ?? s["idleTimeout"], "session.warningSeconds",
                "must be less than session.idleTimeout (\(session.idleTimeout) seconds), got \(session.warningSeconds)")
        }
        if session.dailyMinutesPerCard != 0, session.sessionMinutes > session.dailyMinutesPerCard {
            r.issue(
                s["sessionMinutes"] ?? s["dailyMinutesPerCard"], "session.sessionMinutes",
                "must not exceed session.dailyMinutesPerCard (\(session.dailyMinutesPerCard)), got \(session.sessionMinutes)"
            )
        }

        let l = r.mapping(top["languages"], "languages", known: ["default", "available"])
        let languagePattern = "[a-z]{2}"
        let languageHelp = "must be a two-letter ISO 639-1 code like nl"
        let defaultLanguage =
            r.string(l, "default", "languages", default: "nl", pattern: languagePattern, patternHelp: languageHelp)
            ?? "nl"
        let available =
            r.strings(l, "available", "languages", pattern: languagePattern, patternHelp: languageHelp)
            ?? (defaultLanguage == "nl" ? ["nl", "en"] : [defaultLanguage])
        if !available.contains(defaultLanguage) {
            r.issue(
                l["available"], "languages.available", "must include the default language \(defaultLanguage)")
        }
        let languages = LanguageSettings(default: defaultLanguage, available: available)

        let a = r.mapping(top["accessibility"], "accessibility", known: ["textSize", "highContrast"])
        let accessibility = AccessibilityDefaults(
            textSize: r.choice(a, "textSize", "accessibility", default: "normal", AccessibilityDefaults.textSizes),
            highContrast: r.boolean(a, "highContrast", "accessibility", default: false))

        let p = r.mapping(
            top["printing"], "printing", known: ["enabled", "queue", "freePagesPerDay", "pricePerPageCents"])
        let printingEnabled = r.boolean(p, "enabled", "printing", default: false)
        let queue = r.string(
            p, "queue", "printing", default: "", pattern: "[A-Za-z0-9_-]{1,127}",
            patternHelp: "must be a CUPS queue name of A–Z a–z 0–9 _ -")
        if printingEnabled, p["queue"] == nil {
            r.issue(top["printing"], "printing.queue", "is required when printing.enabled is true")
        }
        let printing = PrintingSettings(
            enabled: printingEnabled, queue: (queue?.isEmpty ?? true) ? nil : queue,
            freePagesPerDay: r.integer(p, "freePagesPerDay", "printing", default: 0, range: 0...500, unit: "pages"),
            pricePerPageCents: r.integer(p, "pricePerPageCents", "printing", default: 0, range: 0...500, unit: "cents"))

        let d = r.mapping(top["peripherals"], "peripherals", known: ["cardReader", "printer", "receiptPrinter"])
        let peripherals = ExpectedPeripherals(
            cardReader: r.boolean(d, "cardReader", "peripherals", default: false),
            // A terminal that prints has a printer unless the profile says otherwise (and
            // that is refused below): the canonical form then says printer: true.
            printer: r.boolean(d, "printer", "peripherals", default: printingEnabled),
            receiptPrinter: r.boolean(d, "receiptPrinter", "peripherals", default: false))
        if peripherals.printer == false, printingEnabled, d["printer"] != nil {
            r.issue(d["printer"], "peripherals.printer", "must be true when printing.enabled is true")
        }

        let o = r.mapping(top["offline"], "offline", known: ["sessionsForHours", "guestsOffline"])
        let offline = OfflinePolicy(
            sessionsForHours: r.integer(o, "sessionsForHours", "offline", default: 24, range: 0...168, unit: "hours"),
            guestsOffline: r.boolean(o, "guestsOffline", "offline", default: true))

        let w = r.mapping(top["wipe"], "wipe", known: ["rebootAfterSessions", "loanReturn", "deadlineSeconds"])
        let wipe = WipePolicy(
            rebootAfterSessions: r.integer(
                w, "rebootAfterSessions", "wipe", default: 0, range: 0...1000, unit: "sessions"),
            loanReturn: r.choice(w, "loanReturn", "wipe", default: "user-data", WipePolicy.loanReturns),
            deadlineSeconds: r.integer(w, "deadlineSeconds", "wipe", default: 60, range: 5...600, unit: "seconds"))

        let i = r.mapping(top["informationPoint"], "informationPoint", known: ["helperMode", "helpButtonText"])
        let informationPoint = InformationPointSettings(
            helperMode: r.boolean(i, "helperMode", "informationPoint", default: false),
            helpButtonText: r.string(i, "helpButtonText", "informationPoint", default: "Hulp nodig? Vraag het ons")
                ?? "")
        if informationPoint.helpButtonText.count > 60 {
            r.issue(
                i["helpButtonText"], "informationPoint.helpButtonText",
                "must be at most 60 characters, got \(informationPoint.helpButtonText.count)")
        }

        let ld = r.mapping(
            top["lending"], "lending",
            known: ["loanDays", "maxLoansPerBorrower", "maxRenewals", "holdDays", "retentionDays"])
        let lending = LendingRules(
            loanDays: r.integer(ld, "loanDays", "lending", default: 21, range: 1...365, unit: "days"),
            maximumLoansPerBorrower: r.integer(ld, "maxLoansPerBorrower", "lending", default: 1, range: 1...20),
            maximumRenewals: r.integer(ld, "maxRenewals", "lending", default: 2, range: 0...10),
            holdDays: r.integer(ld, "holdDays", "lending", default: 3, range: 1...30, unit: "days"),
            retentionDays: r.integer(ld, "retentionDays", "lending", default: 28, range: 0...365, unit: "days"))

        guard let id, let expires else { return nil }
        return KioskProfile(
            id: id, version: version, expires: expires, description: description, targeting: targeting,
            services: services, session: session, languages: languages, accessibility: accessibility,
            printing: printing, peripherals: peripherals, offline: offline, wipe: wipe,
            informationPoint: informationPoint, lending: lending)
    }

    /// `2027-06-30T00:00:00Z` (UTC, optional fraction) as a moment; `nil` in any other form.
    public static func parseTimestamp(_ text: String) -> Date? {
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$"#, options: .regularExpression) != nil
        else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions =
            text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func syntaxIssue(_ error: any Error, file: String) -> ProfileIssue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                return ProfileIssue(file: file, line: mark.line, path: "", message: "not valid YAML: \(what)")
            case .duplicatedKeysInMapping(let duplicates, let context):
                return ProfileIssue(
                    file: file, line: context.mark.line, path: "",
                    message: "a field appears twice: \(duplicates.joined(separator: ", "))")
            default: break
            }
        }
        return ProfileIssue(file: file, line: nil, path: "", message: "not valid YAML: \(error)")
    }
}
