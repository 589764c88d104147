/// Finds lending conflicts in what the replica holds: pure logic over the loans, returns
/// and resolutions, so every replica with the same records finds the same conflicts.
public struct ConflictFinder: Sendable {
    /// What the finder needs of a loan.
    public struct LoanFact: Sendable, Equatable {
        public var id: String
        public var device: String
        public var branch: String
        public var outAt: Int64
        public var returnedAt: Int64?

        public init(id: String, device: String, branch: String, outAt: Int64, returnedAt: Int64?) {
            self.id = id
            self.device = device
            self.branch = branch
            self.outAt = outAt
            self.returnedAt = returnedAt
        }
    }

    /// What the finder needs of a return.
    public struct ReturnFact: Sendable, Equatable {
        public var id: String
        public var loan: String
        public var device: String
        public var branch: String

        public init(id: String, loan: String, device: String, branch: String) {
            self.id = id
            self.loan = loan
            self.device = device
            self.branch = branch
        }
    }

    public init() {}

    /// Every conflict, resolved or not, ordered by device, kind and id.
    ///
    /// - Double loan: a device's loans grouped where their times overlap — a loan is out
    ///   from `outAt` until `returnedAt` (or for good); each group of two or more is one
    ///   conflict.
    /// - Double return: a loan with two or more returns.
    /// - Returned elsewhere: a return at another branch than the loan's.
    public func conflicts(
        loans: [LoanFact], returns: [ReturnFact], resolutions: [String: LendingConflict.Resolution]
    ) -> [LendingConflict] {
        var found: [LendingConflict] = []
        for (device, deviceLoans) in Dictionary(grouping: loans, by: \.device) {
            for group in Self.overlapping(deviceLoans) where group.count > 1 {
                let ids = group.map(\.id)
                found.append(
                    LendingConflict(
                        id: "double-loan-" + Self.digest(ids.sorted()), kind: .doubleLoan, device: device, loans: ids))
            }
        }
        let loansByID = Dictionary(loans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (loan, loanReturns) in Dictionary(grouping: returns, by: \.loan) {
            if loanReturns.count > 1 {
                let ids = loanReturns.map(\.id).sorted()
                found.append(
                    LendingConflict(
                        id: "double-return-" + Self.digest(ids), kind: .doubleReturn, device: loanReturns[0].device,
                        loans: [loan], returns: ids))
            }
            guard let lent = loansByID[loan] else { continue }
            for back in loanReturns where back.branch != lent.branch {
                found.append(
                    LendingConflict(
                        id: "returned-elsewhere-" + back.id, kind: .returnedElsewhere, device: back.device,
                        loans: [loan], returns: [back.id]))
            }
        }
        for index in found.indices { found[index].resolution = resolutions[found[index].id] }
        return found.sorted { ($0.device, $0.kind.rawValue, $0.id) < ($1.device, $1.kind.rawValue, $1.id) }
    }

    /// A device's loans in groups whose times overlap, each group oldest first.
    static func overlapping(_ loans: [LoanFact]) -> [[LoanFact]] {
        let sorted = loans.sorted { ($0.outAt, $0.id) < ($1.outAt, $1.id) }
        var groups: [[LoanFact]] = []
        var end = Int64.min
        for loan in sorted {
            let until = loan.returnedAt ?? Int64.max
            if let last = groups.indices.last, loan.outAt < end {
                groups[last].append(loan)
                end = max(end, until)
            } else {
                groups.append([loan])
                end = until
            }
        }
        return groups
    }

    /// 64-bit FNV-1a of the ids joined by commas, in hex: a short, stable conflict id.
    static func digest(_ ids: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ids.joined(separator: ",").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
