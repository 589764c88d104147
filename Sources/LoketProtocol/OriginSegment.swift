public import Crypto
import Foundation
public import LoketSync

/// One origin's changes in one scope, as the origin signed them when it pushed them
/// (docs/PROTOCOL.md, "Origin signatures").
///
/// A push's changes in one scope, in order, are its segment; the terminal signs the push
/// over a manifest that lists each segment's SHA-256 (``PushManifest``). The hub keeps the
/// segment's bytes whole in its log row with that signature (``PushAttestation``) and notes
/// which of its changes it did not take (`omitted`: refused, or taken in an earlier push);
/// whoever receives the row checks the origin's signature and the segment's digest, and
/// applies the rest. So a relay can leave changes out, and says so, but cannot alter or
/// add one without the check failing.
public struct OriginSegment: Sendable, Equatable {
    /// The hub's log cursor of the row (0 outside a hub's log).
    public var cursor: Int64
    /// The replica that made and signed the changes.
    public var origin: String
    /// The scope every change of the segment is in.
    public var scope: String
    /// The segment as signed: a binary changeset (version 2) of every change, in order.
    public var body: [UInt8]
    /// The push's signature and manifest (``PushAttestation``'s text form); `nil` for the
    /// hub's own changes and for rows the hub stored before it took signed pushes.
    public var attestation: [UInt8]?
    /// Positions in `body` of the changes the hub did not take, ascending.
    public var omitted: [Int]

    public init(cursor: Int64, origin: String, scope: String, body: [UInt8], attestation: [UInt8]?, omitted: [Int]) {
        self.cursor = cursor
        self.origin = origin
        self.scope = scope
        self.body = body
        self.attestation = attestation
        self.omitted = omitted
    }

    /// The origin of the hub's own changes (profiles, rollouts, its audit chain): they
    /// come unsigned, vouched for by the hub's connection.
    public static let hubOrigin = "loket:hub"

    /// The binary changeset version segments are written in.
    public static let bodyVersion = Changeset.compactBinaryVersion

    /// The segment's bytes for `changes` (every change of one push in one scope, in order).
    public static func body(of changes: [Change]) -> [UInt8] {
        Changeset(changes: changes).encoded(version: bodyVersion)
    }

    /// Whether `key` signed the push this segment came from, as its origin's, and the push's
    /// manifest lists this very segment for its scope.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let attestation, let signed = PushAttestation(encoded: attestation) else { return false }
        return signed.vouches(for: body, in: scope, of: origin, key: key)
    }

    /// The changes to apply: the body's changes but the omitted ones, each checked to be
    /// the segment's origin's and in its scope. Says what is wrong and where.
    public func changes(limits: ChangesetDecodingLimits = ChangesetDecodingLimits()) throws(ProtocolError)
        -> [Change]
    {
        let all: [Change]
        do { all = try Changeset(binary: body, limits: limits).changes } catch {
            throw ProtocolError(
                "segment at cursor \(cursor) (origin \(origin), scope \(scope)) cannot be read: \(error)")
        }
        var previous = -1
        for index in omitted {
            guard index > previous, index < all.count else {
                throw ProtocolError(
                    "segment at cursor \(cursor) omits change \(index), which is not after \(previous) and within its \(all.count) changes"
                )
            }
            previous = index
        }
        var kept: [Change] = []
        kept.reserveCapacity(all.count - omitted.count)
        var skip = omitted.makeIterator()
        var nextSkipped = skip.next()
        for (index, change) in all.enumerated() {
            if index == nextSkipped {
                nextSkipped = skip.next()
                continue
            }
            guard change.origin.rawValue == origin else {
                throw ProtocolError(
                    "segment at cursor \(cursor) is origin \(origin)'s, but its change \(index) is \(change.origin.rawValue)'s"
                )
            }
            guard change.scope == scope else {
                throw ProtocolError(
                    "segment at cursor \(cursor) is scope \(scope)'s, but its change \(index) is in \(change.scope)")
            }
            kept.append(change)
        }
        return kept
    }
}
