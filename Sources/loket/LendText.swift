import Foundation
import LoketLending

/// How `loket lend` shows things to staff on a terminal.
enum LendText {

    static func loan(_ loan: Loan) -> String {
        var text =
            "\(loan.device)  lent \(LendingDates.day(loan.outAt)) at \(loan.branch), due \(LendingDates.day(loan.dueAt))"
        if let back = loan.returnedAt {
            text += ", returned \(LendingDates.day(back)) at \(loan.returnedBranch ?? "?")"
        }
        if loan.renewals > 0 { text += ", renewed \(loan.renewals)×" }
        if let condition = loan.condition { text += " — \(condition)" }
        return text + "  (loan \(loan.id))"
    }

    static func device(_ device: LendingDevice) -> String {
        var text = "\(device.assetTag)  \(device.kind.rawValue)  \(device.model)  \(device.state.rawValue)"
        if device.homeBranch.isEmpty == false { text += "  home \(device.homeBranch)" }
        if let wipe = device.lastWipe { text += "  wiped \(LendingDates.day(wipe))" }
        if device.heldFor != nil { text += "  held for a reservation" }
        if let note = device.stateNote { text += "  (\(note))" }
        if device.inConflict { text += "  IN CONFLICT" }
        return text
    }

    static func conflict(_ conflict: LendingConflict) -> String {
        var text =
            "\(conflict.id)  \(conflict.kind.rawValue)  \(conflict.device)  loans \(conflict.loans.joined(separator: ", "))"
        if !conflict.returns.isEmpty { text += "  returns \(conflict.returns.joined(separator: ", "))" }
        if let resolution = conflict.resolution {
            text += "\n  settled \(LendingDates.day(resolution.resolvedAt)) at \(resolution.desk): \(resolution.note)"
            if let kept = resolution.keptLoan { text += " (kept loan \(kept))" }
        }
        return text
    }

    static func reservation(_ reservation: Reservation) -> String {
        var text = "\(reservation.id)  \(reservation.kind.rawValue)  \(reservation.state.rawValue)"
        if let position = reservation.position { text += "  #\(position) in line" }
        if let device = reservation.device, let until = reservation.readyUntil {
            text += "  \(device) held until \(LendingDates.day(until))"
        }
        return text
    }
}
