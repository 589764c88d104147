import GRDB
import LoketStore
import LoketSync

extension LendingDesk {
    /// Puts a borrower on the branch's waiting list for a kind of device. When one is free
    /// now, it is held for them at once.
    ///
    /// - Throws: ``LendingError`` `.alreadyExists` when they already wait for that kind here.
    @discardableResult
    public func reserve(kind: DeviceKind, borrower: String) throws -> Reservation {
        let borrower = try BorrowerToken.validate(borrower)
        let now = self.now
        let id = try replica.write { tx in
            try expireHolds(now: now, in: &tx)
            let already = try tx.read { db in
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT count(*) FROM reservations WHERE borrower = ? AND branch = ? AND kind = ? AND state IN ('waiting', 'ready')",
                    arguments: [borrower, branch, kind.rawValue]) ?? 0
            }
            guard already == 0 else {
                throw LendingError(.alreadyExists, "the borrower already waits for a \(kind.rawValue) at this branch")
            }
            let id = newID()
            try tx.put(
                "reservations", id: id, scope: "branch:\(branch)",
                RecordUpdate(set: [
                    "borrower": .string(borrower), "kind": .string(kind.rawValue), "branch": .string(branch),
                    "created_at": .int(now), "state": .string(Reservation.State.waiting.rawValue),
                ]))
            let free = try tx.read { db in
                try String.fetchOne(
                    db,
                    sql:
                        "SELECT id FROM devices WHERE home_branch = ? AND kind = ? AND state = 'available' AND held_for IS NULL ORDER BY id LIMIT 1",
                    arguments: [branch, kind.rawValue])
            }
            if let free { try holdForNextInLine(free, kind: kind, now: now, in: &tx) }
            try audit("reserve", "reservation:\(id)", detail: kind.rawValue, at: now, in: &tx)
            return id
        }
        guard let made = try reservations().first(where: { $0.id == id }) else {
            throw LendingError(.notFound, "reservation \(id) vanished")
        }
        return made
    }

    /// Takes a borrower off the waiting list; a device held for them goes to the next in line.
    @discardableResult
    public func cancelReservation(_ id: String) throws -> Reservation {
        let now = self.now
        return try replica.write { tx in
            guard
                var reservation = try tx.read({
                    try Row.fetchOne(
                        $0, sql: "SELECT \(LendingRows.reservationColumns) FROM reservations WHERE id = ?",
                        arguments: [id]
                    ).map(LendingRows.reservation)
                }), [.waiting, .ready].contains(reservation.state)
            else { throw LendingError(.notFound, "no open reservation \(id)") }
            try close(reservation, now: now, in: &tx)
            try audit("reservation-cancel", "reservation:\(id)", at: now, in: &tx)
            reservation.state = .cancelled
            return reservation
        }
    }

    /// The branch's open reservations (waiting, or with a device held), the waiting ones
    /// numbered in line per kind.
    public func reservations() throws -> [Reservation] {
        let now = self.now
        try replica.write { tx in try expireHolds(now: now, in: &tx) }
        return try replica.read { db in
            var place: [DeviceKind: Int] = [:]
            return try Row.fetchAll(
                db,
                sql:
                    "SELECT \(LendingRows.reservationColumns) FROM reservations WHERE branch = ? AND state IN ('waiting', 'ready') ORDER BY created_at, id",
                arguments: [branch]
            ).map {
                var reservation = LendingRows.reservation($0)
                if reservation.state == .waiting {
                    place[reservation.kind, default: 0] += 1
                    reservation.position = place[reservation.kind]
                }
                return reservation
            }
        }
    }

    /// Holds device `tag` for the first borrower waiting for `kind` at this branch, if any.
    func holdForNextInLine(_ tag: String, kind: DeviceKind, now: Int64, in tx: inout WriteTransaction) throws {
        let next = try tx.read { db in
            try String.fetchOne(
                db,
                sql:
                    "SELECT id FROM reservations WHERE branch = ? AND kind = ? AND state = 'waiting' ORDER BY created_at, id LIMIT 1",
                arguments: [branch, kind.rawValue])
        }
        guard let next else { return }
        try tx.put(
            "reservations", id: next,
            RecordUpdate(set: [
                "state": .string(Reservation.State.ready.rawValue), "device": .string(tag),
                "ready_until": .int(now + Int64(rules.holdDays) * LendingRules.day),
            ]))
        try tx.put("devices", id: tag, RecordUpdate(set: ["held_for": .string(next), "updated_at": .int(now)]))
    }

    /// Holds whose time ran out are cancelled; their devices go to the next in line.
    func expireHolds(now: Int64, in tx: inout WriteTransaction) throws {
        let expired = try tx.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT \(LendingRows.reservationColumns) FROM reservations WHERE branch = ? AND state = 'ready' AND ready_until < ?",
                arguments: [branch, now]
            ).map(LendingRows.reservation)
        }
        for reservation in expired { try close(reservation, now: now, in: &tx) }
    }

    /// Cancels a reservation; a device it held goes to the next in line.
    func close(_ reservation: Reservation, now: Int64, in tx: inout WriteTransaction) throws {
        try tx.put(
            "reservations", id: reservation.id,
            RecordUpdate(set: ["state": .string(Reservation.State.cancelled.rawValue), "closed_at": .int(now)]))
        guard let tag = reservation.device, reservation.state == .ready else { return }
        try tx.put("devices", id: tag, RecordUpdate(set: ["held_for": .null, "updated_at": .int(now)]))
        if let device = try tx.read({ try LendingRows.fetchDevice($0, tag) }), device.state == .available {
            try holdForNextInLine(tag, kind: device.kind, now: now, in: &tx)
        }
    }
}
