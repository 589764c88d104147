import Synchronization

/// Terminals recently looked up by this hub process, for authenticating their next
/// requests without a store read. Entries live ``lifetimeMilliseconds`` (2 s): a terminal
/// enrolled anew is known by every hub process within that time. Pushes and pulls read
/// what they change (sequences, cursors) from the store itself, never from here.
final class TerminalCache: Sendable {
    static let lifetimeMilliseconds: Int64 = 2_000
    private let entries = Mutex<[String: (record: TerminalRecord, until: Int64)]>([:])

    func get(_ name: String, now: Int64) -> TerminalRecord? {
        entries.withLock { entries in
            guard let entry = entries[name], entry.until > now else { return nil }
            return entry.record
        }
    }

    func remove(_ name: String) {
        _ = entries.withLock { $0.removeValue(forKey: name) }
    }

    func put(_ record: TerminalRecord, now: Int64) {
        entries.withLock { entries in
            if entries.count > 100_000 { entries.removeAll(keepingCapacity: true) }
            entries[record.name] = (record, now + Self.lifetimeMilliseconds)
        }
    }
}
