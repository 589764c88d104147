public import LoketProtocol

/// A push body read and cut into its segments, before anyone is trusted: the router needs
/// the segments' digests to check the request's signature (``PushManifest``).
public struct PreparedPush: Sendable {
    public var body: [UInt8]
    public var batch: OutboxBatch
    public var segments: [PushSegment]
    /// The digests of the manifest, taken once (``PushManifest``).
    let bodyDigest: String
    let segmentDigests: [PushManifest.Segment]

    /// Reads `body` as an outbox batch (``HubError`` `bad-batch` otherwise).
    public init(body: [UInt8]) throws {
        self.body = body
        do { batch = try OutboxBatch(binary: body) } catch {
            throw HubError.badRequest("bad-batch", error.description)
        }
        segments = PushSegment.segments(of: batch.entries)
        bodyDigest = RequestSignature.digest(body)
        segmentDigests = segments.map { .init(scope: $0.scope, digest: RequestSignature.digest($0.body)) }
    }

    /// The manifest the origin signs, as replica `origin`'s.
    public func manifest(origin: String) -> PushManifest {
        PushManifest(origin: origin, bodyDigest: bodyDigest, segments: segmentDigests)
    }
}
