import LoketProtocol
import LoketSync

/// What both stores do the same way with log rows and record states.
enum LogRows {
    /// The accepted changes of a push grouped into one log row per scope, in first-seen
    /// order of the scopes; within a row the changes keep their order. Each row keeps the
    /// push's segment of its scope, the push's `attestation`, and the positions in the
    /// segment of the changes the hub did not take (refused, or taken from an earlier push).
    static func rows(_ entries: [DecidedEntry], segments: [PushSegment], attestation: [UInt8]) -> [LogRow] {
        // What was taken, by position: only needed when a segment was not taken whole.
        lazy var taken: Set<PushSegment.Position> = {
            var taken = Set<PushSegment.Position>()
            for entry in entries {
                for index in entry.acceptedIndices {
                    taken.insert(PushSegment.Position(sequence: entry.sequence, index: index))
                }
            }
            return taken
        }()
        let byScope = Dictionary(segments.map { ($0.scope, $0) }, uniquingKeysWith: { first, _ in first })
        return groups(entries.flatMap(\.accepted)).map { scope, changes in
            guard let segment = byScope[scope] else {
                preconditionFailure("every scope a push writes has a segment")
            }
            // The taken changes are among the segment's: as many means all of them.
            let omitted =
                changes.count == segment.positions.count
                ? [] : segment.positions.indices.filter { !taken.contains(segment.positions[$0]) }
            precondition(segment.positions.count - omitted.count == changes.count, "the row is the segment's rest")
            if omitted.isEmpty {
                return LogRow(scope: scope, changes: changes, body: segment.body, attestation: attestation)
            }
            return LogRow(
                scope: scope, changes: changes, body: OriginSegment.body(of: changes), attestation: attestation,
                segment: segment.body, omitted: omitted)
        }
    }

    /// The hub's own changes grouped into one log row per scope, in first-seen order of
    /// the scopes.
    static func rows(changes: [Change]) -> [LogRow] {
        groups(changes).map { LogRow(scope: $0.scope, changes: $0.changes) }
    }

    static func groups(_ changes: [Change]) -> [(scope: String, changes: [Change])] {
        var order: [String] = []
        var groups: [String: [Change]] = [:]
        for change in changes {
            if groups[change.scope] == nil { order.append(change.scope) }
            groups[change.scope, default: []].append(change)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// Decodes a stored row; a row the hub wrote and cannot read is damage, said as such.
    static func changes(_ body: [UInt8], cursor: Int64) throws -> [Change] {
        do {
            return try Changeset(binary: body).changes
        } catch {
            throw HubError(status: 500, code: "store-damaged", "log row \(cursor) cannot be read: \(error)")
        }
    }

    static func state(_ blob: [UInt8], key: String) throws -> RecordState {
        do {
            return try RecordState(encoded: blob)
        } catch {
            throw HubError(status: 500, code: "store-damaged", "record state \(key) cannot be read: \(error)")
        }
    }

    /// `collection/record`, the key snapshots page by.
    static func key(_ collection: String, _ record: String) -> String { collection + "/" + record }

    /// Splits a page key; `nil` when it is not `collection/record`.
    static func split(_ key: String) -> (String, String)? {
        guard let slash = key.firstIndex(of: "/") else { return nil }
        return (String(key[..<slash]), String(key[key.index(after: slash)...]))
    }

    /// Scopes as stored: a JSON array of strings.
    static func encodeList(_ list: [String]) -> String {
        FieldValue.array(list.map { .string($0) }).canonicalJSON
    }

    static func decodeList(_ text: String) throws -> [String] {
        guard case .array(let items)? = try? FieldValue(json: text) else {
            throw HubError(status: 500, code: "store-damaged", "a stored list is not a JSON array: \(text)")
        }
        return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
    }
}
