public import Crypto
import Foundation
public import LoketProtocol
public import LoketSync

/// Checks what a hub hands on before any of it is applied: every segment signed by its
/// origin with the key that origin was enrolled with (docs/PROTOCOL.md, "Origin
/// signatures").
///
/// A key is taken from the hub's answer the first time an origin is seen and pinned from
/// then on (``learned``): a hub that later names another key for that origin is refused,
/// so it cannot pass changes off as an origin this terminal already knows. This terminal's
/// own origin is pinned to its own key from the start. Without a signature only the hub's
/// own changes pass, and rows the hub stored before it took signed pushes (at or below
/// `signedFrom`, pinned as first answered).
public struct SegmentVerifier: Sendable {
    let ownOrigin: String
    let ownKey: Curve25519.Signing.PublicKey
    /// Pinned keys (base64 of 32 bytes) by origin.
    var pinnedKeys: [String: String]
    let signedFrom: Int64
    /// Keys seen for the first time in the pages checked so far, to be pinned with them.
    public private(set) var learned: [String: String] = [:]

    public init(
        ownOrigin: String, ownKey: Curve25519.Signing.PublicKey, pinnedKeys: [String: String], signedFrom: Int64
    ) {
        self.ownOrigin = ownOrigin
        self.ownKey = ownKey
        self.pinnedKeys = pinnedKeys
        self.signedFrom = signedFrom
    }

    /// The page's changes to apply, in order; ``SyncError/unverified(_:)`` naming the
    /// segment when one does not verify (nothing of the page is to be applied then).
    public mutating func changes(of page: SegmentPage) throws -> [Change] {
        var changes: [Change] = []
        for segment in page.segments {
            try check(segment, keys: page.keys)
            do { changes += try segment.changes() } catch {
                throw SyncError.unverified(error.description)
            }
        }
        return changes
    }

    mutating func check(_ segment: OriginSegment, keys: [String: [UInt8]]) throws {
        let place = "the change at hub cursor \(segment.cursor) (origin \(segment.origin), scope \(segment.scope))"
        if segment.origin == OriginSegment.hubOrigin { return }
        guard segment.attestation != nil else {
            guard segment.cursor <= signedFrom else {
                throw SyncError.unverified("\(place) comes without its origin's signature; it is not applied")
            }
            return
        }
        let key = try key(of: segment.origin, answered: keys[segment.origin], place: place)
        guard segment.isSigned(by: key) else {
            throw SyncError.unverified(
                "\(place) is not signed by its origin: altered on the way or made by another; nothing of the page is applied"
            )
        }
    }

    mutating func key(of origin: String, answered: [UInt8]?, place: String) throws -> Curve25519.Signing.PublicKey {
        let answeredText = answered.map { Data($0).base64EncodedString() }
        let pinned = origin == ownOrigin ? ownKey.rawRepresentation.base64EncodedString() : pinnedKeys[origin]
        if let pinned, let answeredText, pinned != answeredText {
            throw SyncError.unverified(
                "the hub names another key for replica \(origin) than the one this terminal pinned; \(place) is not applied"
            )
        }
        guard let text = pinned ?? answeredText, let raw = Data(base64Encoded: text),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            throw SyncError.unverified("the hub names no key for replica \(origin); \(place) is not applied")
        }
        if pinned == nil {
            pinnedKeys[origin] = text
            learned[origin] = text
        }
        return key
    }
}
