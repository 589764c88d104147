import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Adds a device, available at once (it is assumed wiped when it comes in).
    ///
    /// - Parameter homeBranch: the branch it belongs to (default: the desk's).
    /// - Throws: ``LendingError`` `.alreadyExists` when the tag is taken, `.invalidInput`
    ///   for a bad tag, kind or branch.
    @discardableResult
    public func addDevice(tag: String, kind: DeviceKind, model: String, homeBranch: String? = nil) throws
        -> LendingDevice
    {
        try replica.write { tx in try add(tag: tag, kind: kind, model: model, homeBranch: homeBranch, in: &tx) }
    }

    func add(tag text: String, kind: DeviceKind, model: String, homeBranch: String?, in tx: inout WriteTransaction)
        throws -> LendingDevice
    {
        let tag = try AssetTag.normalize(text)
        let home = homeBranch ?? branch
        guard Scope.isValid("branch:\(home)") else {
            throw LendingError(
                .invalidInput, "home branch must be 1–64 characters of A–Z a–z 0–9 . _ -, got \"\(home)\"")
        }
        let model = model.trimmingCharacters(in: .whitespacesAndNewlines)
        guard model.utf8.count <= 200, !model.contains(where: \.isNewline) else {
            throw LendingError(.invalidInput, "model must be one line of at most 200 bytes")
        }
        if let existing = try tx.read({ try LendingRows.fetchDevice($0, tag) }) {
            throw LendingError(
                .alreadyExists,
                "\(tag) is already a device (\(existing.kind.rawValue) \(existing.model), \(existing.state.rawValue))")
        }
        let device = LendingDevice(assetTag: tag, kind: kind, model: model, homeBranch: home, state: .available)
        try tx.put(
            "devices", id: tag, scope: Self.scope(of: device),
            RecordUpdate(set: [
                "asset_tag": .string(tag), "kind": .string(kind.rawValue), "model": .string(model),
                "home_branch": .string(home), "state": .string(DeviceState.available.rawValue),
                "added_at": .int(now), "updated_at": .int(now),
            ]))
        // A new device of a kind someone waits for at this branch is held for them.
        if home == branch { try holdForNextInLine(tag, kind: kind, now: now, in: &tx) }
        try audit("device-add", "device:\(tag)", detail: "\(kind.rawValue), home \(home)", at: now, in: &tx)
        return device
    }

    /// One device, with whether an open conflict concerns it.
    public func device(_ text: String) throws -> LendingDevice {
        let tag = try AssetTag.normalize(text)
        guard var device = try replica.read({ try LendingRows.fetchDevice($0, tag) }) else {
            throw LendingError(.notFound, "no device \(tag): add it with `loket lend devices add` or check the label")
        }
        device.inConflict = try !conflicts(device: tag).isEmpty
        return device
    }

    /// How many devices are in each state.
    public func deviceCounts() throws -> [DeviceState: Int] {
        try replica.read { db in
            var counts: [DeviceState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM devices GROUP BY state") {
                if let state = DeviceState(rawValue: row["state"] ?? "") { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The devices, by tag; only those in `state` when given. `flagConflicts` marks those
    /// an open conflict concerns (a scan of the loans: leave it off where it is not shown).
    public func devices(state: DeviceState? = nil, flagConflicts: Bool = true) throws -> [LendingDevice] {
        let conflicted = flagConflicts ? Set(try conflicts().map(\.device)) : []
        return try replica.read { db in
            let rows =
                if let state {
                    try Row.fetchAll(
                        db, sql: "SELECT \(LendingRows.deviceColumns) FROM devices WHERE state = ? ORDER BY id",
                        arguments: [state.rawValue])
                } else {
                    try Row.fetchAll(db, sql: "SELECT \(LendingRows.deviceColumns) FROM devices ORDER BY id")
                }
            return rows.map {
                var device = LendingRows.device($0)
                device.inConflict = conflicted.contains(device.assetTag)
                return device
            }
        }
    }

    /// Takes a device out of lending for good (it stays on record). Refused while it is lent.
    @discardableResult
    public func retire(_ text: String, note: String) throws -> LendingDevice {
        try setState(text, to: .retired, note: note, allowedFrom: DeviceState.allCases.filter { $0 != .lent })
    }

    /// Marks a device broken (out of use until repaired and wiped). Refused while it is lent.
    @discardableResult
    public func markBroken(_ text: String, note: String) throws -> LendingDevice {
        try setState(
            text, to: .broken, note: note, allowedFrom: [.available, .returnedNeedsWipe, .wiping, .broken])
    }

    func setState(_ text: String, to state: DeviceState, note: String, allowedFrom: [DeviceState]) throws
        -> LendingDevice
    {
        let tag = try AssetTag.normalize(text)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty, note.utf8.count <= 500 else {
            throw LendingError(.invalidInput, "say why in a note of 1–500 bytes")
        }
        return try replica.write { tx in
            guard var device = try tx.read({ try LendingRows.fetchDevice($0, tag) }) else {
                throw LendingError(.notFound, "no device \(tag)")
            }
            guard allowedFrom.contains(device.state) else {
                throw LendingError(
                    .notAvailable, "\(tag) is \(device.state.rawValue): \(Self.hint(for: device.state, tag: tag))")
            }
            try tx.put(
                "devices", id: tag,
                RecordUpdate(set: [
                    "state": .string(state.rawValue), "state_note": .string(note), "updated_at": .int(now),
                    "held_for": .null,
                ]))
            if let held = device.heldFor {  // its borrower waits again, first in line
                try tx.put(
                    "reservations", id: held,
                    RecordUpdate(set: [
                        "state": .string(Reservation.State.waiting.rawValue), "device": .null, "ready_until": .null,
                    ]))
            }
            try audit("device-\(state.rawValue)", "device:\(tag)", at: now, in: &tx)
            device.state = state
            device.stateNote = note
            device.heldFor = nil
            return device
        }
    }

    /// What staff can do about a device in `state`.
    static func hint(for state: DeviceState, tag: String) -> String {
        switch state {
        case .available: "it may be lent"
        case .lent: "return it first (`loket lend return \(tag)`)"
        case .returnedNeedsWipe: "wipe it first and record the wipe (`loket lend wiped \(tag)`)"
        case .wiping: "finish the wipe and record it (`loket lend wiped \(tag)`)"
        case .broken: "it is broken; after the repair, wipe it and record the wipe"
        case .retired: "it is retired and no longer lent"
        }
    }
}
