extension Schema {
    /// The collections every Loket replica has. Later versions only add fields and
    /// collections, so replicas of different versions keep exchanging changes (fields a
    /// replica does not know yet are kept and passed on).
    public static let builtIn: Schema = {
        // Safe: the names below are valid.
        try! Schema([
            CollectionSchema(
                name: "terminals",
                fields: ["name": .register, "branch": .register, "profile_version": .register, "tags": .set]),
            CollectionSchema(
                name: "devices",
                fields: [
                    "asset_tag": .register, "kind": .register, "model": .register, "home_branch": .register,
                    "state": .register, "last_wipe": .register,
                ]),
            CollectionSchema(
                name: "loans",
                fields: [
                    "device": .register, "borrower": .register, "branch": .register, "out_at": .register,
                    "due_at": .register, "returned_at": .register, "notes": .register,
                ]),
            CollectionSchema(
                name: "sessions",
                fields: [
                    "terminal": .register, "kind": .register, "started_at": .register, "ended_at": .register,
                    "minutes_used": .counter, "wiped_at": .register, "end_reason": .register,
                    "wipe_error": .register,
                ]),
            // A terminal's share of a card's daily minutes (the escrow the hub granted, what
            // it spent), in its own terminal scope; the card as its pseudonymous token.
            CollectionSchema(
                name: "allowances",
                fields: [
                    "card": .register, "day": .register, "cap": .register, "grant": .register, "spent": .counter,
                    "released": .register,
                ]),
            // Written by the hub only: signed kiosk profiles (kind `profile`) and trust
            // files (kind `trust`), one record per profile and ring scope (docs/PROFILES.md).
            CollectionSchema(
                name: "profiles",
                fields: ["kind": .register, "profile": .register, "version": .register, "document": .register]),
            // A terminal's report on the last profile it judged, in its own terminal scope.
            CollectionSchema(
                name: "profile_reports",
                fields: [
                    "profile": .register, "version": .register, "result": .register, "detail": .register,
                    "peripherals_ok": .register, "sync_lag_s": .register, "reported_at": .register,
                ]),
            // Alerts a terminal raises for the fleet (a device it expects is missing, …), in
            // its own scope: raised and cleared, never a visitor's data.
            CollectionSchema(
                name: "alerts",
                fields: [
                    "terminal": .register, "kind": .register, "subject": .register, "detail": .register,
                    "raised_at": .register, "cleared_at": .register,
                ]),
            // Print jobs, in the terminal's own scope: their state, pages and what they cost;
            // never a document's name or content, never the card they belong to.
            CollectionSchema(
                name: "print_jobs",
                fields: [
                    "terminal": .register, "session": .register, "pages": .register, "charged_pages": .register,
                    "state": .register, "error": .register, "printer": .register, "printer_job": .register,
                    "submitted_at": .register, "updated_at": .register,
                ]),
            // The information point's statistics: questions answered per day and category,
            // a counter in the terminal's own scope; nothing else about a question.
            CollectionSchema(
                name: "help_questions",
                fields: ["terminal": .register, "day": .register, "category": .register, "count": .counter]),
        ])
    }()
}
