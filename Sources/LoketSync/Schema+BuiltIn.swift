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
            // The lending desk's devices (docs/LENDING.md), in their home branch's scope; the
            // record id is the asset tag. `held_for` is the reservation a device waits for.
            CollectionSchema(
                name: "devices",
                fields: [
                    "asset_tag": .register, "kind": .register, "model": .register, "home_branch": .register,
                    "state": .register, "last_wipe": .register, "state_note": .register, "held_for": .register,
                    "added_at": .register, "updated_at": .register,
                ]),
            // Loans, in their device's scope; the borrower as the card's token, never a name.
            // `renewals` counts renewals at every desk.
            CollectionSchema(
                name: "loans",
                fields: [
                    "device": .register, "borrower": .register, "branch": .register, "out_at": .register,
                    "due_at": .register, "returned_at": .register, "notes": .register, "renewals": .counter,
                    "desk": .register, "returned_branch": .register, "condition": .register,
                ]),
            // One record per return at a desk (a loan returned twice keeps both), in the
            // device's scope; `elsewhere` is true when another branch than the lending one
            // took it back.
            CollectionSchema(
                name: "loan_returns",
                fields: [
                    "loan": .register, "device": .register, "branch": .register, "desk": .register, "at": .register,
                    "condition": .register, "elsewhere": .register,
                ]),
            // Evidence of a device's wipe: how, by whom, when, where; in the device's scope.
            CollectionSchema(
                name: "wipes",
                fields: [
                    "device": .register, "method": .register, "operator": .register, "at": .register,
                    "branch": .register, "desk": .register,
                ]),
            // Reservations of a kind of device at a branch, a waiting list by `created_at`.
            CollectionSchema(
                name: "reservations",
                fields: [
                    "borrower": .register, "kind": .register, "branch": .register, "created_at": .register,
                    "state": .register, "device": .register, "ready_until": .register, "closed_at": .register,
                ]),
            // Borrowers who asked for reminders (record id `<branch>/<card token>`), in the branch's
            // scope: how to reach them, only while they want it (docs/PRIVACY.md).
            CollectionSchema(
                name: "borrowers",
                fields: [
                    "branch": .register, "reminders": .register, "email": .register, "address": .register,
                    "language": .register, "opted_in_at": .register,
                ]),
            // Reminders to send (record id `<loan>/<kind>`, so desks queueing the same one
            // agree): by e-mail or as a printed letter; queued, sent or failed.
            CollectionSchema(
                name: "notices",
                fields: [
                    "loan": .register, "device": .register, "borrower": .register, "kind": .register,
                    "channel": .register, "state": .register, "due_at": .register, "created_at": .register,
                    "sent_at": .register, "attempts": .counter, "error": .register,
                ]),
            // Anonymous lending statistics per branch, ISO week and kind of device: loans,
            // returns, returns after the due date. No borrower, no device: they outlive the
            // loan history's retention period.
            CollectionSchema(
                name: "lending_stats",
                fields: [
                    "branch": .register, "week": .register, "kind": .register, "loans": .counter,
                    "returned": .counter, "returned_late": .counter,
                ]),
            // How staff settled a lending conflict; the record id is the conflict's id, so
            // two desks settling the same conflict converge on one resolution.
            CollectionSchema(
                name: "lending_resolutions",
                fields: [
                    "kind": .register, "device": .register, "kept_loan": .register, "superseded": .register,
                    "note": .register,
                    "resolved_at": .register, "desk": .register,
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
            // The audit log: who did what, when and where, one hash chain per writer
            // (`chain` is the writer's replica id); entries are appended, never changed.
            CollectionSchema(
                name: "audit",
                fields: [
                    "chain": .register, "seq": .register, "at": .register, "actor": .register,
                    "action": .register, "target": .register, "place": .register, "detail": .register,
                    "prev": .register, "hash": .register,
                ]),
        ])
    }()
}
