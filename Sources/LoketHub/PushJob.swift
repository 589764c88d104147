import LoketProtocol

/// One push waiting to be stored with others in one transaction (``GroupWriter``).
struct PushJob: Sendable {
    var terminal: String
    var replicaID: String
    var entries: [DecidedEntry]
    var segments: [PushSegment]
    var attestation: [UInt8]
    var now: Int64
    var nonce: RequestNonce?
}
