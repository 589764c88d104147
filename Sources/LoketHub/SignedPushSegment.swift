public import LoketProtocol

/// A push's changes in one scope with the origin's signature over them, checked by the
/// hub before the push is stored (``Hub/push(_:as:)``).
public struct SignedPushSegment: Sendable {
    public var segment: PushSegment
    public var signature: [UInt8]

    public init(segment: PushSegment, signature: [UInt8]) {
        self.segment = segment
        self.signature = signature
    }
}
