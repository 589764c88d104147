/// The outcome of verifying an audit log: each chain's length and head, and every problem.
public struct AuditReport: Sendable, Equatable, Codable {
    /// Every chain seen, with its last entry.
    public var chains: [AuditHead]
    /// How many entries were read.
    public var entries: Int
    public var problems: [AuditProblem]

    public init(chains: [AuditHead], entries: Int, problems: [AuditProblem]) {
        self.chains = chains
        self.entries = entries
        self.problems = problems
    }

    /// No problem found.
    public var isIntact: Bool { problems.isEmpty }
}
