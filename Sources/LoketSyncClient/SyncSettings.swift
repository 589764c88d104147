/// The keys under which the sync client keeps its state in the replica's settings table.
enum SyncSettings {
    static let hub = "sync.hub"
    static let terminal = "sync.terminal"
    static let privateKey = "sync.private_key"
    static let scopes = "sync.scopes"
    static let collections = "sync.collections"
    static let cursor = "sync.cursor"
    /// Set by a snapshot until the pulls after it are caught up: they bring the terminal's
    /// own changes too, since the snapshot may have dropped records it had pushed.
    static let includeOwn = "sync.include_own"
    /// The hub log's epoch this terminal's cursor counts in (``LoketProtocol/ProtocolHeaders/logEpoch``).
    static let logEpoch = "sync.log_epoch"
    /// The hub's last log cursor stored before pushes were signed, as first answered
    /// (``LoketProtocol/ProtocolHeaders/signedFrom``): never raised by a later answer.
    static let signedFrom = "sync.signed_from"
    /// Followed by a replica id: that origin's public key (base64), pinned when first seen.
    static let originKeyPrefix = "sync.origin_key."
    static let lastAttempt = "sync.last_attempt_ms"
    static let lastSuccess = "sync.last_success_ms"
    static let failures = "sync.failures"
    static let lastError = "sync.last_error"
    /// The fleet's profile trust file received at enrolment (canonical JSON): the admin
    /// keys whose kiosk profiles this terminal accepts (docs/PROFILES.md).
    static let profileTrust = "kiosk.trust"
    /// The deployment's card key received at enrolment (base64 of 32 bytes): card UIDs
    /// become tokens with it. Secret, like the private key.
    static let cardKey = "cards.token_key"
}
