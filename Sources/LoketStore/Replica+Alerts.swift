import LoketSync

extension Replica {
    /// Raises an alert for the fleet: a record in `alerts` (id `<kind>/<subject>`, e.g.
    /// `device-missing/nfc-reader`) in the terminal's own scope, which reaches the hub with
    /// the next sync. Raising one that is up changes nothing; answers whether it was raised
    /// now. `detail` says what is wrong in words, never a visitor's data.
    @discardableResult
    public func raiseAlert(
        _ kind: String, subject: String, detail: String, terminal: String, at now: Int64
    ) throws -> Bool {
        let id = "\(kind)/\(subject)"
        if try isRaised(id) { return false }
        try put(
            "alerts", id: id, scope: "terminal:\(terminal)",
            RecordUpdate(set: [
                "terminal": .string(terminal), "kind": .string(kind), "subject": .string(subject),
                "detail": .string(detail), "raised_at": .int(now), "cleared_at": .null,
            ]))
        return true
    }

    /// Clears an alert that is up; answers whether one was.
    @discardableResult
    public func clearAlert(_ kind: String, subject: String, at now: Int64) throws -> Bool {
        let id = "\(kind)/\(subject)"
        guard try isRaised(id) else { return false }
        try put("alerts", id: id, RecordUpdate(set: ["cleared_at": .int(now)]))
        return true
    }

    /// The alerts up now, by id.
    public func raisedAlerts() throws -> [String] {
        guard case .object(let all) = try dump(), case .array(let records)? = all["alerts"] else { return [] }
        return try records.compactMap { record -> String? in
            guard case .object(let fields) = record, case .string(let id)? = fields["id"] else { return nil }
            return try isRaised(id) ? id : nil
        }.sorted()
    }

    /// Whether the alert `id` is up: raised and not cleared since.
    func isRaised(_ id: String) throws -> Bool {
        guard case .object(let fields)? = try record("alerts", id: id) else { return false }
        let raised = fields["raised_at"].map { $0 != .null } ?? false
        let cleared = fields["cleared_at"].map { $0 != .null } ?? false
        return raised && !cleared
    }
}
