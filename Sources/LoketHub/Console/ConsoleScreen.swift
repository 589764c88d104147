import Foundation
import LoketProtocol
import LoketStore
import Mustache

/// The fleet console's pages, rendered on the hub (server-side, no script needed), in
/// Dutch or English: terminals by branch, one terminal, rollouts, alerts, the audit log,
/// statistics. What a page shows follows the person: admins see the fleet, staff their
/// branch; another branch's page is refused (``HubError`` 403) before anything is read.
struct ConsoleScreen: Sendable {
    let hub: Hub
    let strings: ConsoleStrings
    let library: MustacheLibrary
    let timeZone: TimeZone

    init(hub: Hub, timeZone: TimeZone = .current) throws(HubError) {
        self.hub = hub
        self.strings = try ConsoleStrings.load()
        let text = String(decoding: try ConsoleResources.data("console.mustache"), as: UTF8.self)
        do { library = MustacheLibrary(templates: ["console": try MustacheTemplate(string: text)]) } catch {
            throw HubError(status: 500, code: "console-missing", "console.mustache does not parse: \(error)")
        }
        self.timeZone = timeZone
    }

    var now: Int64 { hub.now }

    /// The page for `user` (nil: not logged in, only the log-in page).
    func render(
        _ page: ConsolePage, user: ConsoleUser?, language: String, notice: (text: String, error: Bool)? = nil
    ) async throws -> String {
        let lang = ConsoleStrings.languages.contains(language) ? language : "nl"
        func t(_ key: String, _ values: [String: String] = [:]) -> String { strings.text(key, lang, values) }
        var context: [String: Any] = [
            "lang": lang, "otherLang": lang == "nl" ? "en" : "nl", "strings": strings.table(lang),
        ]
        if let notice { context["notice"] = ["text": notice.text, "error": notice.error] }
        guard let user else {
            context["title"] = t("loginTitle")
            context["login"] = true
            return library.render(context, withTemplate: "console") ?? ""
        }
        let principal = Principal.user(user)
        context["user"] = t(
            "loggedInAs",
            [
                "name": user.name,
                "role": user.role == .admin ? t("roleAdmin") : t("roleStaff", ["branch": user.branch ?? ""]),
            ])
        context["nav"] = ConsolePage.menu(admin: user.role == .admin).map {
            ["href": $0.href, "label": t($0.key), "current": $0.key == page.navigationKey] as [String: Any]
        }
        switch page {
        case .login, .overview:
            context["title"] = t("overviewTitle")
            context["overview"] = ["branches": try await branches(principal, lang)]
        case .terminal(let name):
            let (title, facts) = try await terminal(name, principal, lang)
            context["title"] = title
            context["terminal"] = facts
        case .rollouts:
            guard user.role == .admin else { throw HubError.forbidden("admin-only", t("forbidden")) }
            context["title"] = t("rolloutsTitle")
            context["rollouts"] = ["profiles": try await rollouts(principal, lang)]
        case .alerts:
            context["title"] = t("alertsTitle")
            context["alertsPage"] = try await alerts(principal, lang)
        case .audit:
            context["title"] = t("auditTitle")
            context["audit"] = try await audit(principal, lang)
        case .message(let text):
            context["title"] = text
        case .statistics:
            context["title"] = t("statisticsTitle")
            context["statistics"] = [
                "files": FleetStatistics.Table.allCases.map {
                    ["href": "/console/statistics/\($0.rawValue).csv", "label": t("download", ["name": $0.rawValue])]
                }
            ]
        }
        return library.render(context, withTemplate: "console") ?? ""
    }

    // MARK: Pages

    func branches(_ principal: Principal, _ lang: String) async throws -> [[String: Any]] {
        let health = try await hub.healthReports()
        let open = try await hub.alerts(by: principal)
        var byBranch: [String: [[String: Any]]] = [:]
        for terminal in try await hub.store.terminals().sorted(by: { $0.name < $1.name }) {
            let branch = Hub.branch(of: terminal)
            guard principal.maySee(branch: branch) else { continue }
            var row = summary(terminal, health[terminal.name], lang)
            row["alertCount"] = open.filter { $0.terminal == terminal.name }.count
            byBranch[branch ?? "", default: []].append(row)
        }
        return byBranch.keys.sorted().map { branch in
            [
                "id": branch.isEmpty ? "none" : branch,
                "title": branch.isEmpty
                    ? strings.text("noBranch", lang) : strings.text("branch", lang, ["branch": branch]),
                "terminals": byBranch[branch]!,
            ]
        }
    }

    func terminal(_ name: String, _ principal: Principal, _ lang: String) async throws -> (String, [String: Any]) {
        guard let terminal = try await hub.store.terminal(named: name) else {
            throw HubError.notFound(strings.text("notFound", lang))
        }
        guard principal.maySee(branch: Hub.branch(of: terminal)) else {
            throw HubError.forbidden("other-branch", strings.text("forbidden", lang))
        }
        let health = try await hub.healthReports()[name]
        var facts = summary(terminal, health, lang)
        facts["scopes"] = terminal.scopes.joined(separator: " ")
        if let health {
            facts["health"] = [
                "agentVersion": health.report.agentVersion,
                "diskFree": health.report.diskFreePercent.map { "\($0)%" } ?? "—",
                "outbox": String(health.report.outboxEntries), "quarantined": String(health.report.quarantined),
                "reported": ago(health.receivedAtMilliseconds, lang),
            ]
            facts["peripherals"] = peripherals(health.report, lang, detail: true)
        }
        facts["alerts"] = try await hub.alerts(by: principal).filter { $0.terminal == name }.map { alert(in: $0, lang) }
        return (strings.text("terminalTitle", lang, ["name": name]), facts)
    }

    func rollouts(_ principal: Principal, _ lang: String) async throws -> [[String: Any]] {
        try await hub.profileStatuses(by: principal).sorted(by: { $0.profile < $1.profile }).map { status in
            var profile: [String: Any] = [
                "id": status.profile,
                "stateText": strings.text(
                    "rolloutState", lang, ["state": strings.text("state\(status.state)", lang)]),
                "rings": status.rings.map {
                    [
                        "ring": $0.ring, "version": $0.version, "terminals": $0.terminals, "healthy": $0.healthy,
                        "unhealthy": $0.unhealthy, "waiting": $0.waiting,
                    ] as [String: Any]
                },
                "canRollBack": status.state == "rolling",
            ]
            if let halted = status.haltedVersion {
                profile["halt"] = strings.text(
                    "halted", lang, ["version": String(halted), "reason": status.haltReason ?? ""])
            }
            if let reissued = status.reissuedVersion {
                profile["reissue"] = strings.text("reissued", lang, ["version": String(reissued)])
            }
            return profile
        }
    }

    func alerts(_ principal: Principal, _ lang: String) async throws -> [String: Any] {
        let all = try await hub.alerts(by: principal, includeCleared: true)
        let open = all.filter(\.isOpen).map { alert(in: $0, lang) }
        let cleared = all.filter { !$0.isOpen }.sorted {
            ($0.clearedAtMilliseconds ?? 0) > ($1.clearedAtMilliseconds ?? 0)
        }.prefix(50).map { alert(in: $0, lang) }
        return ["open": open, "hasOpen": !open.isEmpty, "cleared": Array(cleared), "hasCleared": !cleared.isEmpty]
    }

    func audit(_ principal: Principal, _ lang: String) async throws -> [String: Any] {
        let page = try await hub.auditLog(by: principal)
        let report = AuditVerifier.verify(page.entries.map { ($0.recordID, .success($0)) }, heads: page.heads)
        let entries = page.entries.sorted { ($0.at, $0.sequence) > ($1.at, $1.sequence) }.prefix(500).map {
            entry -> [String: Any] in
            var fields: [String: Any] = [
                "when": time(entry.at), "actor": entry.actor, "action": entry.action, "target": entry.target,
                "place": entry.place,
            ]
            if !entry.detail.isEmpty { fields["detail"] = entry.detail }
            return fields
        }
        return [
            "intact": report.isIntact,
            "verdict": report.isIntact
                ? strings.text(
                    "auditIntact", lang, ["entries": String(report.entries), "chains": String(report.chains.count)])
                : strings.text("auditBroken", lang, ["problems": String(report.problems.count)]),
            "problems": report.problems.map(\.description), "entries": Array(entries), "hasEntries": !entries.isEmpty,
        ]
    }

    // MARK: Parts

    func summary(_ terminal: TerminalRecord, _ health: TerminalHealth?, _ lang: String) -> [String: Any] {
        let online =
            terminal.lastSeenMilliseconds > 0
            && now - terminal.lastSeenMilliseconds <= Int64(hub.configuration.alertRules.offlineAfterSeconds) * 1000
        let report = health?.report
        var lag = strings.text("noLag", lang)
        if let report, let oldest = report.outboxOldestSeconds, report.outboxEntries > 0 {
            lag = strings.text(
                "changesWaiting", lang,
                ["n": String(report.outboxEntries), "age": duration(Int64(oldest), lang)])
        }
        return [
            "name": terminal.name, "href": "/console/terminals/\(terminal.name)",
            "stateClass": online ? "online" : "offline",
            "stateLabel": strings.text(online ? "online" : "offline", lang),
            "lastSync": terminal.lastSeenMilliseconds > 0
                ? ago(terminal.lastSeenMilliseconds, lang) : strings.text("never", lang),
            "syncLag": report == nil ? "—" : lag, "profile": report?.profile ?? "—",
            "session": strings.text("session\(report?.sessionState ?? "unknown")", lang),
            "peripherals": report.map { peripherals($0, lang, detail: false) } ?? [],
        ]
    }

    func peripherals(_ report: HealthReport, _ lang: String, detail: Bool) -> [[String: Any]] {
        report.peripherals.map {
            var fields: [String: Any] = [
                "kind": $0.kind, "stateClass": $0.state, "label": strings.text("peripheral\($0.state)", lang),
            ]
            if detail, let text = $0.detail { fields["detail"] = text }
            return fields
        }
    }

    /// An alert for the template. Absent, not empty, where a section tests the value: an
    /// empty text counts as present in Mustache.
    func alert(in alert: FleetAlert, _ lang: String) -> [String: Any] {
        var fields: [String: Any] = [
            "id": alert.id, "terminal": alert.terminal, "terminalHref": "/console/terminals/\(alert.terminal)",
            "kindLabel": strings.text("kind\(alert.kind)", lang), "detail": alert.detail,
            "since": time(alert.raisedAtMilliseconds),
        ]
        if alert.subject != "-" { fields["subject"] = alert.subject }
        if let cleared = alert.clearedAtMilliseconds { fields["clearedAt"] = time(cleared) }
        if let seen = alert.acknowledgedBy { fields["seenBy"] = seen }
        return fields
    }

    /// `dd-MM-yyyy HH:mm` in the hub's time zone (no formatter made per row: the audit page
    /// shows hundreds).
    func time(_ milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return String(
            format: "%02d-%02d-%04d %02d:%02d", parts.day ?? 0, parts.month ?? 0, parts.year ?? 0, parts.hour ?? 0,
            parts.minute ?? 0)
    }

    func ago(_ milliseconds: Int64, _ lang: String) -> String {
        let seconds = max(0, now - milliseconds) / 1000
        if seconds < 60 { return strings.text("justNow", lang) }
        if seconds < 7_200 { return strings.text("minutesAgo", lang, ["n": String(seconds / 60)]) }
        if seconds < 172_800 { return strings.text("hoursAgo", lang, ["n": String(seconds / 3_600)]) }
        return strings.text("daysAgo", lang, ["n": String(seconds / 86_400)])
    }

    func duration(_ seconds: Int64, _ lang: String) -> String {
        seconds < 120
            ? strings.text("seconds", lang, ["n": String(seconds)])
            : strings.text("minutes", lang, ["n": String(seconds / 60)])
    }
}
