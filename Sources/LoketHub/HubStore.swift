public import LoketProtocol
public import LoketSync

/// Where the hub keeps its state: SQLite (``SQLiteHubStore``, the default) or PostgreSQL
/// (``PostgresHubStore``). Both give the same answers to the same calls; the hub test
/// suite runs on both.
///
/// The state is a log of accepted changes, each row with a *cursor* (1, 2, 3, … in commit
/// order) and a scope; the fold of the rows below the *horizon* into one state per record;
/// the enrolled terminals and the keys of people. Hub processes hold nothing between
/// requests, so any number of them can share one store.
public protocol HubStore: Sendable {
    /// Creates or upgrades the tables.
    func prepare() async throws

    /// Throws unless the store answers (for `/readyz`).
    func ping() async throws

    /// Adds a person's key; a key id already in use is a ``HubError`` conflict.
    func addKey(_ key: KeyRecord) async throws

    func key(id: String) async throws -> KeyRecord?

    /// Removes a person's key (it signs nothing from then on); `false` when there was none.
    func removeKey(id: String) async throws -> Bool

    func terminal(named name: String) async throws -> TerminalRecord?

    func terminals() async throws -> [TerminalRecord]

    /// Removes an enrolled terminal: its key is refused from then on, and the log's horizon
    /// no longer waits for it. Its replica id stays taken (the redeemed code keeps it).
    /// `false` when there was none.
    func removeTerminal(named name: String) async throws -> Bool

    /// A document the hub keeps whole (the profile trust file), by name.
    func document(named name: String) async throws -> [UInt8]?

    /// Replaces the document `name` when it still is `expected` (`nil`: there is none);
    /// `false`, changing nothing, when another writer came first.
    func replaceDocument(named name: String, with body: [UInt8], expected: [UInt8]?) async throws -> Bool

    /// Removes the document `name`; `false` when there was none.
    func deleteDocument(named name: String) async throws -> Bool

    /// The documents whose names start with `prefix`, in name order.
    func documents(prefix: String) async throws -> [(name: String, body: [UInt8])]

    /// Replaces the document `name` when it still is `expected` and, in the same
    /// transaction, appends `changes` — made by the hub itself, with origin `origin` — to
    /// the log, one row per scope; `false`, writing nothing, when another writer came
    /// first. (A profile rollout's state and the records it publishes change together.)
    func publish(_ changes: [Change], origin: String, replacing name: String, with body: [UInt8], expected: [UInt8]?)
        async throws -> Bool

    /// Stores a new one-time code.
    func createEnrolment(_ enrolment: PendingEnrolment) async throws

    /// Redeems a code: registers (or re-registers) the terminal with the key and replica.
    /// Redeeming again with the same key and replica answers the same (a retried request);
    /// anything else with a used, expired or unknown code is a ``HubError``.
    func redeemEnrolment(codeDigest: String, publicKey: String, replicaID: String, nowMilliseconds: Int64)
        async throws -> TerminalRecord

    /// Records a nonce; `false` when the principal used it before (a replay).
    func useNonce(_ nonce: RequestNonce) async throws -> Bool

    /// Stores the entries of a push the hub has not taken yet (sequence above the
    /// terminal's pushed sequence) in one transaction, and answers with every refusal
    /// recorded for the batch's range, so a retry gets the same receipt. The request's
    /// `nonce` is recorded in that transaction; a nonce seen before is a ``HubError``
    /// `replayed-request` and stores nothing. Each log row keeps its scope's segment from
    /// `segments` and the push's `attestation` (checked by the caller).
    func push(
        terminal: String, replicaID: String, entries: [DecidedEntry], segments: [PushSegment],
        attestation: [UInt8], nowMilliseconds: Int64, nonce: RequestNonce?
    ) async throws -> PushReceipt

    /// The log rows after `cursor` in `scopes` (but those of `excludingOrigin`: a terminal
    /// has its own) as their origins signed them, at most about `limit` changes; records that the terminal holds everything
    /// through `cursor`, and the request's `nonce` (seen before: `replayed-request`).
    /// A cursor below the horizon is a ``HubError`` `snapshot-required` (410).
    func pull(
        terminal: String, excludingOrigin: String?, scopes: [String], after cursor: Int64, limit: Int,
        nowMilliseconds: Int64, nonce: RequestNonce?
    ) async throws -> PullPage

    /// The public key (base64) each of `origins` was enrolled with, by replica id; an
    /// origin without one (the hub itself) is left out.
    func originKeys(_ origins: [String]) async throws -> [String: String]

    /// Folded record states in `scopes` after the key `after` (`collection/record`), at
    /// most `limit` records.
    func snapshot(scopes: [String], after: String?, limit: Int) async throws -> SnapshotPage

    /// The current state of every live record of `collections`, in every scope: the folded
    /// states with the log above the horizon applied, read in one consistent view (for
    /// the statistics; nothing is written).
    func records(in collections: [String]) async throws -> [(collection: String, record: String, state: RecordState)]

    /// Moves the horizon to the lowest cursor every terminal seen since
    /// `activeSinceMilliseconds` has acknowledged; folds the log below it into the record
    /// states, drops tombstones there, and forgets nonces older than
    /// `nonceBeforeMilliseconds`.
    func collectGarbage(activeSinceMilliseconds: Int64, nonceBeforeMilliseconds: Int64) async throws
        -> GarbageReport

    /// Releases connections.
    func close() async throws
}
