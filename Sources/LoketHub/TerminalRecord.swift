/// An enrolled terminal as the hub knows it.
public struct TerminalRecord: Sendable, Equatable {
    public var name: String
    /// Ed25519 public key, base64 of 32 bytes.
    public var publicKey: String
    /// The replica id of its database: the only origin its changes may carry.
    public var replicaID: String
    public var scopes: [String]
    /// The collections it may write.
    public var collections: [String]
    /// The last outbox sequence the hub has taken from it.
    public var pushedSequence: Int64
    /// The highest cursor it has asked to pull from: it holds everything up to there.
    public var acknowledgedCursor: Int64
    /// Wall time of its last request, Unix ms.
    public var lastSeenMilliseconds: Int64

    public init(
        name: String, publicKey: String, replicaID: String, scopes: [String], collections: [String],
        pushedSequence: Int64 = 0, acknowledgedCursor: Int64 = 0, lastSeenMilliseconds: Int64 = 0
    ) {
        self.name = name
        self.publicKey = publicKey
        self.replicaID = replicaID
        self.scopes = scopes
        self.collections = collections
        self.pushedSequence = pushedSequence
        self.acknowledgedCursor = acknowledgedCursor
        self.lastSeenMilliseconds = lastSeenMilliseconds
    }
}
