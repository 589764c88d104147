import Foundation
import GRDB
public import Logging
public import LoketStore
public import LoketSync

/// A staff desk's lending ledger on the terminal's replica: devices, loans, returns,
/// wipes, reservations and the conflicts two desks apart can make (docs/LENDING.md).
///
/// Every operation is one write transaction: the check (is the device available, is the
/// borrower under the limit) and the write it allows happen together, so a desk screen
/// and a command line on the same replica cannot both lend one device. Desks that are
/// apart (offline) can: both loans are kept, and ``conflicts(includeResolved:)`` shows them.
///
/// Records about a device live in its home branch's scope (`branch:<home>`), so every
/// desk enrolled into that branch sees the device's whole story.
public struct LendingDesk: Sendable {
    public let replica: Replica
    /// The desk's branch (its id, without `branch:`).
    public let branch: String
    /// The desk's name (the terminal's), recorded with what it does.
    public let desk: String
    public let rules: LendingRules
    let clock: any WallClock
    let logger: Logger

    /// - Throws: ``LendingError`` when the branch id is not valid; `StoreError` when the
    ///   replica lacks the lending collections (a replica made by an older Loket: open it
    ///   with this version's schema, as `loket terminal` does).
    public init(
        replica: Replica, branch: String, desk: String, rules: LendingRules = LendingRules(),
        clock: any WallClock = SystemWallClock(), logger: Logger
    ) throws {
        guard Scope.isValid("branch:\(branch)") else {
            throw LendingError(.invalidInput, "branch must be 1–64 characters of A–Z a–z 0–9 . _ -, got \"\(branch)\"")
        }
        guard RecordID.isValid(desk), !desk.isEmpty else {
            throw LendingError(.invalidInput, "the desk's name must be 1–200 printable characters")
        }
        self.replica = replica
        self.branch = branch
        self.desk = desk
        self.rules = rules
        self.clock = clock
        self.logger = logger
        // A device's loans in time order, covering what the conflict scan reads.
        try replica.ensureIndex(on: "loans", columns: ["device", "out_at", "returned_at"])
        try replica.ensureIndex(on: "loans", columns: ["borrower"])
        try replica.ensureIndex(on: "loans", columns: ["returned_at", "due_at"])
        try replica.ensureIndex(on: "loan_returns", columns: ["loan"])
        try replica.ensureIndex(on: "loan_returns", columns: ["elsewhere"])
        try replica.ensureIndex(on: "reservations", columns: ["branch", "kind", "state"])
        try replica.ensureIndex(on: "audit", columns: ["chain", "seq"])
    }

    var now: Int64 { Int64(clamping: clock.nowMilliseconds()) }

    /// A new record id: unique across desks without asking anyone.
    func newID() -> String { UUID().uuidString.lowercased() }

    static func scope(of device: LendingDevice) -> String { "branch:\(device.homeBranch)" }

    /// Appends what the desk did to the audit log, in the operation's transaction: actor
    /// `desk:<name>`, place `branch:<id>`, in the branch's scope (no borrower is named).
    func audit(
        _ action: String, _ target: String, detail: String = "", at now: Int64, in tx: inout WriteTransaction
    ) throws {
        try tx.appendAudit(
            actor: "desk:\(desk)", action: "lend.\(action)", target: target, place: "branch:\(branch)",
            detail: detail, scope: "branch:\(branch)", at: now)
    }
}

extension LendingDesk {
    /// The desk's branch: `given`, else the one branch among the terminal's `scopes`
    /// (`branch:<id>`); an error when there is none or more than one to choose from.
    public static func branch(given: String?, scopes: [String]) throws(LendingError) -> String {
        if let given { return given }
        let branches = scopes.compactMap { $0.hasPrefix("branch:") ? String($0.dropFirst("branch:".count)) : nil }
        guard branches.count == 1 else {
            throw LendingError(
                .invalidInput,
                branches.isEmpty
                    ? "the terminal is enrolled into no branch scope: name the desk's branch"
                    : "the terminal is in branches \(branches.joined(separator: ", ")): name the desk's branch")
        }
        return branches[0]
    }
}
