import LoketProtocol
public import LoketStore

/// The outbox of an enrolled terminal as a signed file for its hub (``OutboxFile``): what
/// a terminal that cannot reach its hub hands over on a USB stick. The outbox itself is
/// not trimmed; the terminal learns at its next sync that the hub has the entries.
public struct OutboxExport: Sendable {
    /// The signed file.
    public var file: [UInt8]
    /// How many outbox entries (local write transactions) and changes it holds.
    public var entries: Int
    public var changes: Int
    /// The last entry's number (`nil` when the outbox held nothing after `after`).
    public var lastSequence: Int64?
    /// How many entries remain after it: export them with `after: lastSequence`.
    public var remaining: Int

    /// At most this many bytes of entries go in one file (always at least one entry).
    public static let maximumBytes = 16 << 20

    /// The outbox of `replica`'s terminal, from the first entry after `after`, signed with
    /// the terminal's key; ``SyncError/notEnrolled(_:)`` when the replica has none.
    public init(replica: Replica, after: Int64 = 0) throws {
        let identity = try TerminalIdentity.load(from: replica)
        var picked: [OutboxEntry] = []
        var bytes = 0
        for entry in try replica.outbox(limit: OutboxBatch.maximumEntries, after: after) {
            bytes += entry.payload.count + 12
            if !picked.isEmpty, bytes > Self.maximumBytes { break }
            picked.append(entry)
        }
        let batch = OutboxBatch.encode(picked.map { ($0.sequence, $0.payload) })
        file = try OutboxFile(
            terminal: identity.terminal, batch: batch, origin: replica.id.rawValue, key: identity.privateKey
        ).encoded()
        entries = picked.count
        changes = picked.reduce(0) { $0 + $1.changeCount }
        lastSequence = picked.last?.sequence
        remaining = try replica.outboxCount(after: picked.last?.sequence ?? after)
    }
}
