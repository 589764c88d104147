import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Marks a returned (or repaired) device as being wiped.
    @discardableResult
    public func startWipe(_ text: String) throws -> LendingDevice {
        let tag = try AssetTag.normalize(text)
        let now = self.now
        return try replica.write { tx in
            guard var device = try tx.read({ try LendingRows.fetchDevice($0, tag) }) else {
                throw LendingError(.notFound, "no device \(tag)")
            }
            guard [.returnedNeedsWipe, .broken, .wiping].contains(device.state) else {
                throw LendingError(
                    .notAvailable, "\(tag) is \(device.state.rawValue): \(Self.hint(for: device.state, tag: tag))")
            }
            try tx.put(
                "devices", id: tag,
                RecordUpdate(set: ["state": .string(DeviceState.wiping.rawValue), "updated_at": .int(now)]))
            try audit("wipe-start", "device:\(tag)", at: now, in: &tx)
            device.state = .wiping
            return device
        }
    }

    /// Records that a device was wiped — how, by whom, now — and makes it available; the
    /// first borrower waiting for its kind at this branch gets it held for them.
    ///
    /// - Parameters:
    ///   - method: how it was wiped (`reimage`, `factory-reset`, `loket-wipe`, …).
    ///   - operator: who did it, as the branch records staff.
    /// - Throws: ``LendingError`` `.notAvailable` when it is lent (return it first) or retired.
    @discardableResult
    public func wiped(_ text: String, method: String, operator staff: String) throws -> WipeEvidence {
        let tag = try AssetTag.normalize(text)
        let method = try Self.word(method, field: "method")
        let staff = try Self.word(staff, field: "operator")
        let now = self.now
        return try replica.write { tx in
            guard let device = try tx.read({ try LendingRows.fetchDevice($0, tag) }) else {
                throw LendingError(.notFound, "no device \(tag)")
            }
            guard device.state != .lent, device.state != .retired else {
                throw LendingError(
                    .notAvailable, "\(tag) is \(device.state.rawValue): \(Self.hint(for: device.state, tag: tag))")
            }
            let evidence = WipeEvidence(
                id: newID(), device: tag, method: method, operator: staff, at: now, branch: branch, desk: desk)
            try tx.put(
                "wipes", id: evidence.id, scope: Self.scope(of: device),
                RecordUpdate(set: [
                    "device": .string(tag), "method": .string(method), "operator": .string(staff), "at": .int(now),
                    "branch": .string(branch), "desk": .string(desk),
                ]))
            try tx.put(
                "devices", id: tag,
                RecordUpdate(set: [
                    "state": .string(DeviceState.available.rawValue), "last_wipe": .int(now), "state_note": .null,
                    "updated_at": .int(now),
                ]))
            if device.heldFor == nil { try holdForNextInLine(tag, kind: device.kind, now: now, in: &tx) }
            try audit("wiped", "device:\(tag)", detail: "\(method) by \(staff)", at: now, in: &tx)
            return evidence
        }
    }

    /// The wipes recorded for a device, newest first.
    public func wipes(_ text: String) throws -> [WipeEvidence] {
        let tag = try AssetTag.normalize(text)
        return try replica.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, device, method, operator, at, branch, desk FROM wipes WHERE device = ? ORDER BY at DESC, id",
                arguments: [tag]
            ).map {
                WipeEvidence(
                    id: $0["id"], device: $0["device"] ?? "", method: $0["method"] ?? "",
                    operator: $0["operator"] ?? "",
                    at: $0["at"] ?? 0, branch: $0["branch"] ?? "", desk: $0["desk"] ?? "")
            }
        }
    }

    /// One line of 1–100 bytes (a method, a name).
    static func word(_ text: String, field: String) throws(LendingError) -> String {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= 100, !text.contains(where: \.isNewline) else {
            throw LendingError(.invalidInput, "\(field) must be one line of 1–100 bytes")
        }
        return text
    }
}
