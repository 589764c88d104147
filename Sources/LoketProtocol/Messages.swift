/// JSON bodies of the protocol. Field names are snake_case on the wire.

/// `POST /v1/admin/enrolments`: make a one-time code for a terminal.
public struct EnrolmentOrder: Codable, Sendable, Equatable {
    /// The terminal's name, also its principal (`terminal:<name>`): 1–64 of `A–Z a–z 0–9 . _ -`.
    public var terminal: String
    /// What it reads and writes: `fleet`, `branch:<id>`, `terminal:<id>`.
    public var scopes: [String]
    /// Collections it may write; `nil` means the built-in terminal collections.
    public var collections: [String]?
    /// How long the code stays valid, seconds (default 86,400: a day).
    public var validSeconds: Int?

    public init(terminal: String, scopes: [String], collections: [String]? = nil, validSeconds: Int? = nil) {
        self.terminal = terminal
        self.scopes = scopes
        self.collections = collections
        self.validSeconds = validSeconds
    }

    enum CodingKeys: String, CodingKey {
        case terminal, scopes, collections
        case validSeconds = "valid_seconds"
    }
}

/// The answer to an ``EnrolmentOrder``.
public struct EnrolmentTicket: Codable, Sendable, Equatable {
    public var code: String
    public var terminal: String
    public var expiresAtMilliseconds: Int64
    /// SHA-256 (lowercase hex) of the profile trust file the hub held when the code was
    /// made; `nil` when it held none.
    public var trustFingerprint: String?

    public init(code: String, terminal: String, expiresAtMilliseconds: Int64, trustFingerprint: String? = nil) {
        self.code = code
        self.terminal = terminal
        self.expiresAtMilliseconds = expiresAtMilliseconds
        self.trustFingerprint = trustFingerprint
    }

    enum CodingKeys: String, CodingKey {
        case code, terminal
        case expiresAtMilliseconds = "expires_at_ms"
        case trustFingerprint = "trust_fingerprint"
    }

    /// What the admin hands to the terminal: the code, and after a `+` the first 16 hex
    /// digits of the trust's fingerprint, so the terminal takes the trust the admin saw
    /// and not whatever the hub answers (`7K2M-Q9XD-4F8H-2RTW-ABCD+3F2A9C1B4E5D6A7B`).
    public var pinnedCode: String {
        guard let trustFingerprint else { return code }
        return code + "+" + trustFingerprint.prefix(16).uppercased()
    }
}

/// `POST /v1/enrol`: a terminal redeems its code with its public key and replica id.
public struct EnrolRequest: Codable, Sendable, Equatable {
    public var code: String
    /// Ed25519 public key, base64 of 32 bytes.
    public var publicKey: String
    /// The replica id of the terminal's database: the only origin its pushes may carry.
    public var replicaID: String

    public init(code: String, publicKey: String, replicaID: String) {
        self.code = code
        self.publicKey = publicKey
        self.replicaID = replicaID
    }

    enum CodingKeys: String, CodingKey {
        case code
        case publicKey = "public_key"
        case replicaID = "replica_id"
    }
}

/// What a terminal learns at enrolment.
public struct EnrolResponse: Codable, Sendable, Equatable {
    public var terminal: String
    public var scopes: [String]
    public var collections: [String]
    /// The fleet's profile trust file (canonical JSON), when an admin has set one: the
    /// admin keys whose signed kiosk profiles the terminal accepts.
    public var profileTrust: String?
    /// The deployment's card key, base64 of 32 bytes: the terminal turns card UIDs into
    /// pseudonymous tokens with it (HMAC-SHA-256). Absent from hubs older than card reading.
    public var cardKey: String?

    public init(
        terminal: String, scopes: [String], collections: [String], profileTrust: String? = nil, cardKey: String? = nil
    ) {
        self.terminal = terminal
        self.scopes = scopes
        self.collections = collections
        self.profileTrust = profileTrust
        self.cardKey = cardKey
    }

    enum CodingKeys: String, CodingKey {
        case terminal, scopes, collections
        case profileTrust = "profile_trust"
        case cardKey = "card_key"
    }
}

/// The hub's answer to a new profile trust file.
public struct ProfileTrustReceipt: Codable, Sendable, Equatable {
    public var version: Int
    public var keys: [String]
    public var threshold: Int
    /// The reissue keys it lists (a hub's, for automatic rollback); absent in old answers.
    public var reissuers: [String]?

    public init(version: Int, keys: [String], threshold: Int, reissuers: [String]? = nil) {
        self.version = version
        self.keys = keys
        self.threshold = threshold
        self.reissuers = reissuers
    }
}

/// One change the hub refused, with where it was in the batch and why.
public struct Refusal: Codable, Sendable, Equatable {
    /// The outbox sequence of the entry holding the change.
    public var sequence: Int64
    /// The change's index within that entry.
    public var index: Int
    /// `outside-scope`, `collection-not-writable`, `foreign-origin`, `clock-drift`, `malformed`.
    public var code: String
    public var reason: String

    public init(sequence: Int64, index: Int, code: String, reason: String) {
        self.sequence = sequence
        self.index = index
        self.code = code
        self.reason = reason
    }
}

/// The answer to a push.
public struct PushReceipt: Codable, Sendable, Equatable {
    /// Every entry through this sequence is stored; trim the outbox through it.
    public var acknowledgedThrough: Int64
    /// Changes accepted by this request (0 when it was a retry of one already taken).
    public var accepted: Int
    /// Refused changes of the acknowledged entries, also on a retry.
    public var refused: [Refusal]

    public init(acknowledgedThrough: Int64, accepted: Int, refused: [Refusal]) {
        self.acknowledgedThrough = acknowledgedThrough
        self.accepted = accepted
        self.refused = refused
    }

    enum CodingKeys: String, CodingKey {
        case accepted, refused
        case acknowledgedThrough = "acknowledged_through"
    }
}

/// Every error answer: a stable code and a sentence that says what to do.
public struct ErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
