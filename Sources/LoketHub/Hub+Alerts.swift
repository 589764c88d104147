import Foundation

/// The fleet's alerts (docs/OPERATIONS.md, "Alerts"): drawn from what the hub knows of
/// each terminal, kept as documents `alert/<id>` (open, then cleared), sent to the
/// notifiers once each way, shown in the console and the API.
extension Hub {
    static let alertPrefix = "alert/"

    /// Draws every terminal's alerts now: raises the new, clears the gone, and sends the
    /// notices not sent yet (a refused one is tried again next time).
    @discardableResult
    public func checkAlerts(notifiers: [any AlertNotifier]) async throws -> AlertCheck {
        var check = AlertCheck()
        let now = self.now
        let terminals = try await store.terminals()
        let health = try await healthReports()
        var current: [String: (TerminalRecord, AlertCondition)] = [:]
        for terminal in terminals {
            for condition in configuration.alertRules.conditions(
                lastSeenMilliseconds: terminal.lastSeenMilliseconds, health: health[terminal.name]?.report, now: now)
            {
                let id = FleetAlert.id(terminal: terminal.name, kind: condition.kind, subject: condition.subject)
                current[id] = (terminal, condition)
            }
        }
        let stored = try await storedAlerts()
        let byID = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, (terminal, condition)) in current.sorted(by: { $0.key < $1.key }) where byID[id]?.isOpen != true {
            let alert = FleetAlert(
                id: id, terminal: terminal.name, branch: Self.branch(of: terminal), kind: condition.kind,
                subject: condition.subject, detail: condition.detail, raisedAtMilliseconds: now,
                clearedAtMilliseconds: nil, acknowledgedBy: nil, acknowledgedAtMilliseconds: nil, raiseSent: false,
                clearSent: false)
            if try await changeAlert(id, expected: byID[id], to: alert) { check.raised += 1 }
        }
        for alert in stored where alert.isOpen && current[alert.id] == nil {
            var cleared = alert
            cleared.clearedAtMilliseconds = now
            if try await changeAlert(alert.id, expected: alert, to: cleared) { check.cleared += 1 }
        }
        // Notices: every raise and clear not sent yet, oldest first.
        for alert in try await storedAlerts().sorted(by: { $0.raisedAtMilliseconds < $1.raisedAtMilliseconds }) {
            var events: [AlertNotice.Event] = []
            if !alert.raiseSent { events.append(.raised) }
            if alert.clearedAtMilliseconds != nil, !alert.clearSent { events.append(.cleared) }
            guard !events.isEmpty else { continue }
            var sent = alert
            for event in events {
                let notice = AlertNotice(event: event, alert: alert)
                var delivered = true
                for notifier in notifiers {
                    do { try await notifier.send(notice) } catch {
                        delivered = false
                        logger.warning(
                            "an alert notice was not sent",
                            metadata: [
                                "alert": "\(alert.id)", "notifier": "\(type(of: notifier))", "error": "\(error)",
                            ])
                    }
                }
                logger.log(level: event == .raised ? .warning : .notice, "\(notice.summary)")
                guard delivered else {
                    check.noticesFailed += 1
                    break
                }
                check.noticesSent += 1
                if event == .raised { sent.raiseSent = true } else { sent.clearSent = true }
            }
            if sent != alert { _ = try await changeAlert(alert.id, expected: alert, to: sent) }
        }
        metrics.gauge("loket_hub_alerts_open").record(try await storedAlerts().filter(\.isOpen).count)
        return check
    }

    /// The alerts a person may see — admins all, staff their branch's — open ones, or
    /// all kept (`includeCleared`), newest first.
    public func alerts(by principal: Principal, includeCleared: Bool = false) async throws -> [FleetAlert] {
        let all = try await storedAlerts().filter { includeCleared || $0.isOpen }
        guard principal.role != nil else {
            throw HubError.forbidden("people-only", "alerts are for admins and staff, not terminals")
        }
        return all.filter { principal.maySee(branch: $0.branch) }.sorted {
            ($0.raisedAtMilliseconds, $0.id) > ($1.raisedAtMilliseconds, $1.id)
        }
    }

    /// Marks an alert as seen by someone (it stays open until its cause is gone).
    public func acknowledgeAlert(_ id: String, by principal: Principal) async throws -> FleetAlert {
        for _ in 0..<8 {
            guard let alert = try await storedAlerts().first(where: { $0.id == id }),
                try await alerts(by: principal, includeCleared: true).contains(where: { $0.id == id })
            else { throw HubError.notFound("no alert \(id) that you may see") }
            var seen = alert
            seen.acknowledgedBy = principal.header
            seen.acknowledgedAtMilliseconds = now
            if try await changeAlert(id, expected: alert, to: seen) {
                await audit(principal, "alert.acknowledge", "alert:\(id)")
                return seen
            }
        }
        throw HubError.conflict("busy", "alert \(id) kept changing; retry")
    }

    func storedAlerts() async throws -> [FleetAlert] {
        try await store.documents(prefix: Self.alertPrefix).compactMap {
            try? JSONDecoder().decode(FleetAlert.self, from: Data($0.body))
        }
    }

    /// Compare-and-set on the alert's document; `false` when another process came first.
    func changeAlert(_ id: String, expected: FleetAlert?, to alert: FleetAlert) async throws -> Bool {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try await store.replaceDocument(
            named: Self.alertPrefix + id, with: Array(try encoder.encode(alert)),
            expected: try expected.map { Array(try encoder.encode($0)) })
    }
}
