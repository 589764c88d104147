public import LoketSync

/// What the terminal agent takes from a profile for itself: session timers, offline
/// limits, the devices to watch, printing and its prices, the screen's language and
/// accessibility defaults, the wipe, helper mode — as `kiosk.*` settings of the replica,
/// so the agent reads them without parsing the profile again.
public enum AgentSettings {
    /// Setting key → value, all as text.
    public static func settings(_ profile: KioskProfile) -> [String: String] {
        let s = profile.session
        var settings: [String: String] = [
            "kiosk.profile": profile.id,
            "kiosk.profile_version": String(profile.version),
            "kiosk.profile_expires": profile.expires,
            "kiosk.session.daily_minutes_per_card": String(s.dailyMinutesPerCard),
            "kiosk.session.minutes": String(s.sessionMinutes),
            "kiosk.session.idle_timeout_s": String(s.idleTimeout),
            "kiosk.session.warning_s": String(s.warningSeconds),
            "kiosk.session.guests": String(s.guestsAllowed),
            "kiosk.session.guest_minutes": String(s.guestSessionMinutes),
            "kiosk.session.reservations": String(s.reservations),
            "kiosk.session.reservation_hold_minutes": String(s.reservationHoldMinutes),
            "kiosk.offline.sessions_for_hours": String(profile.offline.sessionsForHours),
            "kiosk.offline.guests": String(profile.offline.guestsOffline),
            "kiosk.peripherals.card_reader": String(profile.peripherals.cardReader),
            "kiosk.peripherals.printer": String(profile.peripherals.printer),
            "kiosk.peripherals.receipt_printer": String(profile.peripherals.receiptPrinter),
            "kiosk.printing.enabled": String(profile.printing.enabled),
            "kiosk.printing.free_pages_per_day": String(profile.printing.freePagesPerDay),
            "kiosk.printing.price_per_page_cents": String(profile.printing.pricePerPageCents),
            "kiosk.language.default": profile.languages.default,
            "kiosk.language.available": profile.languages.available.joined(separator: " "),
            "kiosk.accessibility.text_size": profile.accessibility.textSize,
            "kiosk.accessibility.high_contrast": String(profile.accessibility.highContrast),
            "kiosk.wipe.reboot_after_sessions": String(profile.wipe.rebootAfterSessions),
            "kiosk.wipe.loan_return": profile.wipe.loanReturn,
            "kiosk.wipe.deadline_s": String(profile.wipe.deadlineSeconds),
            "kiosk.information_point.helper_mode": String(profile.informationPoint.helperMode),
            "kiosk.information_point.help_button_text": profile.informationPoint.helpButtonText,
        ]
        if let queue = profile.printing.queue { settings["kiosk.printing.queue"] = queue }
        return settings
    }

    /// The same, as a JSON object (for people, and `loket profile render`).
    public static func json(_ profile: KioskProfile) -> FieldValue {
        .object(settings(profile).mapValues { .string($0) })
    }
}
