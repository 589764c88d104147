/// What one signature vouches for in a push: the origin, the push body, and each scope's
/// segment by its SHA-256 (docs/PROTOCOL.md, "Origin signatures").
///
/// A terminal signs its push request over the manifest's digest instead of over the raw
/// body, so the one signature that lets the hub take the request also lets every terminal
/// that later pulls one of the push's rows check that row: the row's segment hashes to the
/// digest the manifest lists for its scope.
///
/// Text form, UTF-8, lines ending in `\n`:
///
///     loket push manifest v1
///     <origin replica id>
///     <hex SHA-256 of the push body>
///     <scope> <hex SHA-256 of the scope's segment>     (one line per scope, in the batch's order)
public struct PushManifest: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var scope: String
        /// Hex SHA-256 of the segment's bytes.
        public var digest: String

        public init(scope: String, digest: String) {
            self.scope = scope
            self.digest = digest
        }
    }

    public var origin: String
    /// Hex SHA-256 of the push body.
    public var bodyDigest: String
    public var segments: [Segment]

    public init(origin: String, bodyDigest: String, segments: [Segment]) {
        self.origin = origin
        self.bodyDigest = bodyDigest
        self.segments = segments
    }

    /// The manifest of a push body and its segments, as `origin`'s.
    public init(origin: String, body: [UInt8], segments: [PushSegment]) {
        self.init(
            origin: origin, bodyDigest: RequestSignature.digest(body),
            segments: segments.map { Segment(scope: $0.scope, digest: RequestSignature.digest($0.body)) })
    }

    /// The manifest of a push body (an ``OutboxBatch``), as `origin`'s; a body that is not
    /// a batch is a ``ProtocolError``.
    public init(origin: String, batch body: [UInt8]) throws(ProtocolError) {
        let batch = try OutboxBatch(binary: body)
        self.init(origin: origin, body: body, segments: PushSegment.segments(of: batch.entries))
    }

    static let header = "loket push manifest v1"

    public var text: String {
        ([Self.header, origin, bodyDigest] + segments.map { $0.scope + " " + $0.digest }).joined(separator: "\n")
            + "\n"
    }

    /// Hex SHA-256 of ``text``: what the request (or outbox file) signature covers.
    public var digest: String { RequestSignature.digest(Array(text.utf8)) }

    /// Whether `body` is the segment this manifest lists for `scope`.
    public func lists(_ body: [UInt8], in scope: String) -> Bool {
        guard let listed = segments.first(where: { $0.scope == scope }) else { return false }
        return listed.digest == RequestSignature.digest(body)
    }

    /// Reads the text form; `nil` when it is not one.
    public init?(text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard text.hasSuffix("\n"), lines.count >= 4, lines.removeLast().isEmpty, lines[0] == Self.header,
            Self.isDigest(lines[2])
        else { return nil }
        var segments: [Segment] = []
        for line in lines.dropFirst(3) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, Self.isDigest(String(parts[1])) else { return nil }
            segments.append(Segment(scope: String(parts[0]), digest: String(parts[1])))
        }
        self.init(origin: lines[1], bodyDigest: lines[2], segments: segments)
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && RequestSignature.isLowerHex(text)
    }
}
