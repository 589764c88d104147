public import Foundation
public import LoketLending
public import LoketPeripherals
public import LoketSync
import Mustache

/// The lending desk's screen for staff: lend (scan the device, the borrower taps their
/// card), take back, record wipes, settle conflicts, see what is overdue — in Dutch or
/// English, rendered on the server so it works without JavaScript; a barcode scanner
/// types the asset tag into the focused field and ends with Enter. ``DeskScreenRouter``
/// serves it on loopback.
public actor DeskScreen {
    let desk: LendingDesk
    let strings: ScreenStrings
    let library: MustacheLibrary
    let clock: any WallClock
    let receiptPrinter: ReceiptPrinter?
    let timeZone: TimeZone
    public private(set) var language: String
    /// The last card tapped at the desk's reader and when: used by the next loan.
    var card: (token: String, at: Int64)?
    /// What the next page says about the last action.
    var notice: (text: String, error: Bool)?

    /// How long a tapped card waits for the device to be scanned, milliseconds.
    public static let cardMilliseconds: Int64 = 120_000

    /// - Parameters:
    ///   - receiptPrinter: where loan receipts go; `nil` prints none.
    ///   - timeZone: the branch's, for dates on the screen and the receipt.
    public init(
        desk: LendingDesk, language: String = "nl", receiptPrinter: ReceiptPrinter? = nil, clock: any WallClock,
        timeZone: TimeZone = .current
    ) throws(ScreenError) {
        self.desk = desk
        self.strings = try ScreenStrings.load(prefix: "desk-")
        let text = String(decoding: try ScreenResources.data("desk.mustache"), as: UTF8.self)
        do { library = MustacheLibrary(templates: ["desk": try MustacheTemplate(string: text)]) } catch {
            throw ScreenError("desk.mustache does not parse: \(error)")
        }
        self.language = ScreenStrings.languages.contains(language) ? language : "nl"
        self.receiptPrinter = receiptPrinter
        self.clock = clock
        self.timeZone = timeZone
    }

    var now: Int64 { Int64(clamping: clock.nowMilliseconds()) }

    /// A card was tapped at the desk's reader: the next loan goes to it.
    public func cardTapped(_ token: String) { card = (token, now) }

    /// The card tapped within the last two minutes, if any.
    var currentCard: String? {
        guard let card, now - card.at < Self.cardMilliseconds else { return nil }
        return card.token
    }

    public func setLanguage(_ language: String) {
        if ScreenStrings.languages.contains(language) { self.language = language }
    }

    // MARK: Actions

    /// Lends the scanned device to the card tapped last, prints the receipt.
    public func checkout(tag: String) {
        guard let borrower = currentCard else {
            notice = (text("noCard"), true)
            return
        }
        do {
            let loan = try desk.checkout(tag, borrower: borrower)
            card = nil  // one tap, one loan
            var said = text("lent", ["tag": loan.device, "due": date(loan.dueAt)])
            if let receiptPrinter {
                do { try desk.printReceipt(for: loan, on: receiptPrinter, timeZone: timeZone) } catch {
                    said += " " + text("receiptFailed")
                }
            }
            notice = (said, false)
        } catch { refused(error, tag: tag) }
    }

    /// Takes a device back.
    public func returnDevice(tag: String, condition: String?) {
        do {
            let loans = try desk.returnDevice(tag, condition: condition)
            notice = (text("returned", ["tag": loans.first?.device ?? tag]), false)
        } catch { refused(error, tag: tag) }
    }

    /// Records a wipe.
    public func wiped(tag: String, method: String, operator staff: String) {
        do {
            let evidence = try desk.wiped(tag, method: method, operator: staff)
            notice = (text("wipedDone", ["tag": evidence.device]), false)
        } catch { refused(error, tag: tag) }
    }

    /// Settles a conflict.
    public func resolve(id: String, keep: String?, note: String) {
        do {
            _ = try desk.resolve(id, keep: keep.flatMap { $0.isEmpty ? nil : $0 }, note: note)
            notice = (text("resolvedDone"), false)
        } catch { refused(error, tag: "") }
    }

    /// Says why something was refused, in the screen's language.
    func refused(_ error: any Error, tag: String) {
        guard let error = error as? LendingError else {
            notice = ("\(error)", true)
            return
        }
        let shown = (try? AssetTag.normalize(tag)) ?? tag
        var values = ["tag": shown, "detail": error.message]
        if error.kind == .notAvailable, let device = try? desk.device(shown) {
            values["state"] =
                device.state == .available && device.heldFor != nil
                ? text("held") : text("state.\(device.state.rawValue)")
        }
        notice = (text("error.\(error.kind.rawValue)", values), true)
    }

    // MARK: Pages

    /// A page of the desk.
    public func page(_ view: DeskView) -> String {
        let table = strings.table(language)
        var context: [String: Any] = [
            "lang": language, "otherLang": language == "nl" ? "en" : "nl", "strings": table, "branch": desk.branch,
            view.rawValue: true,
            "nav": DeskView.allCases.map { item in
                [
                    "href": item.path, "current": item == view,
                    "label": table["nav" + item.rawValue.prefix(1).uppercased() + item.rawValue.dropFirst()] ?? "",
                ] as [String: Any]
            },
        ]
        if let notice {
            context["notice"] = ["text": notice.text, "error": notice.error]
            self.notice = nil
        }
        do {
            switch view {
            case .home:
                context["title"] = table["homeTitle"]
                context["cardRead"] = currentCard != nil
                context["overdueCount"] = text("summaryOverdue", ["count": "\(try desk.overdue().count)"])
                let counts = try desk.deviceCounts()
                let waiting = (counts[.returnedNeedsWipe] ?? 0) + (counts[.wiping] ?? 0)
                context["wipeCount"] = text("summaryWipes", ["count": "\(waiting)"])
                context["conflictCount"] = text("summaryConflicts", ["count": "\(try desk.conflicts().count)"])
            case .overdue:
                context["title"] = table["overdueTitle"]
                context["rows"] = rows(
                    try desk.overdue().map { loan in
                        [
                            "device": loan.device, "due": date(loan.dueAt),
                            "late": "\(max(0, (now - loan.dueAt) / 86_400_000))", "branch": loan.branch,
                        ]
                    })
            case .wipes:
                context["title"] = table["wipesTitle"]
                context["rows"] = rows(
                    try
                        (desk.devices(state: .returnedNeedsWipe, flagConflicts: false)
                        + desk.devices(state: .wiping, flagConflicts: false)).map { device in
                            [
                                "tag": device.assetTag, "model": device.model,
                                "state": text("state.\(device.state.rawValue)"),
                            ]
                        })
            case .conflicts:
                context["title"] = table["conflictsTitle"]
                context["rows"] = rows(try desk.conflicts().map(conflictRow))
            case .devices:
                context["title"] = table["devicesTitle"]
                context["rows"] = rows(
                    try desk.devices().map { device in
                        var state = text("state.\(device.state.rawValue)")
                        if device.heldFor != nil { state += " · " + text("held") }
                        if device.inConflict { state += " · " + text("inConflict") }
                        return [
                            "tag": device.assetTag, "kind": device.kind.rawValue, "model": device.model, "state": state,
                            "lastWipe": device.lastWipe.map(date) ?? "—",
                        ]
                    })
            }
        } catch {
            context["notice"] = ["text": "\(error)", "error": true]
        }
        return library.render(context, withTemplate: "desk") ?? ""
    }

    func conflictRow(_ conflict: LendingConflict) throws -> [String: Any] {
        let loans = try desk.history(device: conflict.device).filter { conflict.loans.contains($0.id) }
        return [
            "id": conflict.id, "double": conflict.kind == .doubleLoan,
            "title": text("kind.\(conflict.kind.rawValue)", ["tag": conflict.device]),
            "loans": loans.map { loan in
                [
                    "loan": loan.id,
                    "text": text("loanLine", ["out": date(loan.outAt), "branch": loan.branch, "desk": loan.desk]),
                ]
            },
        ]
    }

    func rows(_ list: [[String: Any]]) -> [String: Any] { ["count": !list.isEmpty, "list": list] }

    func text(_ key: String, _ values: [String: String] = [:]) -> String { strings.text(key, language, values) }

    /// A date as the branch reads it: `20 december 2026`, `20 December 2026`.
    func date(_ milliseconds: Int64) -> String {
        LendingDates.long(milliseconds, language: language, timeZone: timeZone)
    }
}
