import LoketProtocol
public import LoketSync

/// One row of the hub's log as it is written: the changes the hub took in one scope from
/// one push (or one publish of its own), and the origin's signed segment they came from.
public struct LogRow: Sendable {
    public var scope: String
    /// The changes taken, in order.
    public var changes: [Change]
    /// What the row's `body` holds: the changes taken, as a binary changeset. When they are
    /// the whole signed segment, these are the segment's bytes as signed.
    public var body: [UInt8]
    /// The push's signature and manifest (``PushAttestation``'s text form); `nil` for the
    /// hub's own changes.
    public var attestation: [UInt8]?
    /// The segment as signed, when it holds changes the row does not (`omitted`); `nil`
    /// when `body` is the whole segment.
    public var segment: [UInt8]?
    /// Positions in the segment of the changes not taken, ascending.
    public var omitted: [Int]

    /// A row of the hub's own changes (no origin signature).
    public init(scope: String, changes: [Change]) {
        self.init(scope: scope, changes: changes, body: Changeset(changes: changes).encoded())
    }

    public init(
        scope: String, changes: [Change], body: [UInt8], attestation: [UInt8]? = nil, segment: [UInt8]? = nil,
        omitted: [Int] = []
    ) {
        self.scope = scope
        self.changes = changes
        self.body = body
        self.attestation = attestation
        self.segment = segment
        self.omitted = omitted
    }

    /// `omitted` as stored: the positions joined by commas; `nil` when none.
    var omittedText: String? { omitted.isEmpty ? nil : omitted.map(String.init).joined(separator: ",") }

    /// Reads stored positions back; damage is said as such.
    static func omitted(_ text: String?, cursor: Int64) throws -> [Int] {
        guard let text, !text.isEmpty else { return [] }
        var positions: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let position = Int(part), position >= 0 else {
                throw HubError(
                    status: 500, code: "store-damaged", "log row \(cursor) has a damaged list of omitted changes")
            }
            positions.append(position)
        }
        return positions
    }
}
