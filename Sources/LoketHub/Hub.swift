import Crypto
import Foundation
public import Logging
public import LoketProtocol
public import LoketStore
public import LoketSync

/// What the hub does, apart from HTTP: enrolment, authentication, push, pull, snapshot,
/// garbage collection. Holds nothing between calls but its store, so any number of hub
/// processes can serve one store. ``HubRouter`` maps HTTP requests onto these methods.
public struct Hub: Sendable {
    public let store: any HubStore
    public let configuration: HubConfiguration
    let clock: any WallClock
    let logger: Logger
    let terminalCache = TerminalCache()
    /// Where console passwords are hashed: a thread of its own, not the shared pool.
    let passwordWork = PasswordWork()
    /// What `/metrics` shows (docs/OPERATIONS.md, "Metrics").
    public let metrics: LoketMetrics

    public init(
        store: any HubStore, configuration: HubConfiguration, clock: any WallClock, logger: Logger,
        metrics: LoketMetrics = LoketMetrics()
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        let hub = self
        metrics.onScrape { await hub.updateMetrics() }
    }

    var now: Int64 { Int64(clamping: clock.nowMilliseconds()) }

    /// Collections only the hub writes (a terminal's change there is refused, whatever
    /// its enrolment says): the profiles a rollout publishes.
    public static let hubOwnedCollections: Set<String> = ["profiles"]

    /// Collections every terminal writes in its own scope `terminal:<name>` only, whatever
    /// its enrolment lists: its profile reports, its share of cards' daily minutes and
    /// pages, its information point's question counts, its alerts and its print jobs.
    public static let terminalOwnCollections: Set<String> = [
        "profile_reports", "allowances", "help_questions", "alerts", "print_jobs",
    ]

    /// The collections a terminal may write unless its enrolment names others.
    public static let defaultTerminalCollections = Schema.builtIn.collections.keys.filter {
        !hubOwnedCollections.contains($0)
    }.sorted()

    // MARK: Authentication

    /// The parts of a signed request the hub checks.
    public struct SignedRequest: Sendable {
        public var method: String
        /// The `Host` the request came with.
        public var host: String?
        public var pathAndQuery: String
        public var body: [UInt8]
        public var principal: String?
        public var time: String?
        public var nonce: String?
        public var signature: String?

        public init(
            method: String, host: String?, pathAndQuery: String, body: [UInt8], principal: String?, time: String?,
            nonce: String?, signature: String?
        ) {
            self.method = method
            self.host = host
            self.pathAndQuery = pathAndQuery
            self.body = body
            self.principal = principal
            self.time = time
            self.nonce = nonce
            self.signature = signature
        }
    }

    /// Checks a request's signature, time and nonce, and records the nonce; returns who
    /// signed it. (Push and pull take ``verify(_:)``'s answer instead: they record the
    /// nonce in their own transaction.)
    public func authenticate(_ request: SignedRequest) async throws -> Principal {
        let caller = try await verify(request)
        if let nonce = caller.nonce, try await !store.useNonce(nonce) { throw HubError.replayed(nonce) }
        return caller.principal
    }

    /// Checks a request's signature, its time and its nonce's form; the nonce is recorded
    /// by the operation the request asks for (``push(_:attestation:as:)``, ``pull(after:limit:includeOwn:as:)``).
    public func verify(_ request: SignedRequest) async throws -> Authenticated {
        try await verify(request, digest: nil)
    }

    /// Checks a push request, whose signature covers the digest of its manifest as the
    /// signing terminal's replica (``PushManifest``) instead of its raw body; answers who
    /// sent it, the push, and the signature as the hub keeps it with the push's rows.
    ///
    /// The body is read only once the headers, the time and the principal have passed:
    /// a stranger's body costs a hash, not a decoding. A body that is not a batch, or one
    /// of version 1 (an older terminal, signed over the raw body), is checked against the
    /// raw body's digest first and then refused (`bad-batch`, `unsigned-push`).
    public func verifyPush(_ request: SignedRequest) async throws -> (Authenticated, PreparedPush, PushAttestation) {
        var read: Result<PreparedPush, any Error>?
        let caller = try await verify(request) { principal in
            guard case .terminal(let terminal) = principal else { return nil }
            if read == nil { read = Result { try PreparedPush(body: request.body) } }
            guard case .success(let push) = read, push.batch.version == OutboxBatch.version else { return nil }
            return push.manifest(origin: terminal.replicaID).digest
        }
        let terminal = try Self.terminal(caller.principal)
        let push = try (read ?? Result { try PreparedPush(body: request.body) }).get()
        guard push.batch.version == OutboxBatch.version else { throw HubError.unsignedPush }
        guard let nonce = caller.nonce, let signature = request.signature.flatMap({ Data(base64Encoded: $0) }) else {
            throw Self.badSignature(request.principal ?? "")
        }
        let attestation = PushAttestation(
            form: .request(
                host: RequestSignature.normalizedHost(request.host ?? ""), pathAndQuery: request.pathAndQuery,
                timeMilliseconds: nonce.timeMilliseconds, nonce: nonce.nonce, principal: nonce.principal),
            signature: Array(signature), manifest: push.manifest(origin: terminal.replicaID))
        return (caller, push, attestation)
    }

    /// ``verify(_:)`` with the body's digest taken from `digest` for the principal found
    /// (`nil`: the raw body's).
    func verify(_ request: SignedRequest, digest: ((Principal) -> String?)?) async throws -> Authenticated {
        guard let principalText = request.principal, let timeText = request.time, let nonce = request.nonce,
            let signature = request.signature
        else {
            throw HubError.unauthorized(
                "unsigned-request",
                "the request must carry Loket-Principal, Loket-Time, Loket-Nonce and Loket-Signature headers")
        }
        guard let time = Int64(timeText) else {
            throw HubError.unauthorized("bad-time", "Loket-Time must be Unix milliseconds, got \"\(timeText)\"")
        }
        let skew = time - now
        guard abs(skew) <= configuration.requestWindowMilliseconds else {
            throw HubError.unauthorized(
                "stale-request",
                "the request time is \(skew / 1000) s off the hub's clock (at most \(configuration.requestWindowMilliseconds / 1000) s allowed); check the sender's clock"
            )
        }
        guard RequestSignature.isWellFormedNonce(nonce) else {
            throw HubError.unauthorized("bad-nonce", "Loket-Nonce must be 16–64 characters of 0-9a-f")
        }
        func signed(by principal: Principal) -> RequestSignature {
            if let digest, let bodyDigest = digest(principal) {
                return RequestSignature(
                    method: request.method, host: request.host ?? "", pathAndQuery: request.pathAndQuery,
                    bodyDigest: bodyDigest, timeMilliseconds: time, nonce: nonce, principal: principalText)
            }
            return RequestSignature(
                method: request.method, host: request.host ?? "", pathAndQuery: request.pathAndQuery,
                body: request.body,
                timeMilliseconds: time, nonce: nonce, principal: principalText)
        }
        var (principal, cached) = try await lookUp(principalText, useCache: true)
        if !signed(by: principal).verify(signature, with: try Self.publicKey(of: principal)) {
            // A terminal enrolled anew within the cache's lifetime signs with its new key.
            guard cached else { throw Self.badSignature(principalText) }
            (principal, _) = try await lookUp(principalText, useCache: false)
            guard signed(by: principal).verify(signature, with: try Self.publicKey(of: principal)) else {
                throw Self.badSignature(principalText)
            }
        }
        return Authenticated(
            principal: principal,
            nonce: RequestNonce(principal: principalText, nonce: nonce, timeMilliseconds: time))
    }

    /// Finds who `text` (`terminal:<name>` or `key:<id>`) names; says whether the answer
    /// came from the process's terminal cache.
    func lookUp(_ text: String, useCache: Bool) async throws -> (Principal, cached: Bool) {
        if text.hasPrefix("terminal:") {
            let name = String(text.dropFirst("terminal:".count))
            if useCache, let cached = terminalCache.get(name, now: now) { return (.terminal(cached), true) }
            guard let terminal = try await store.terminal(named: name) else {
                throw HubError.unauthorized("unknown-principal", "terminal \(name) is not enrolled at this hub")
            }
            terminalCache.put(terminal, now: now)
            return (.terminal(terminal), false)
        }
        if text.hasPrefix("key:") {
            let id = String(text.dropFirst("key:".count))
            guard let key = try await store.key(id: id) else {
                throw HubError.unauthorized("unknown-principal", "key \(id) is not registered at this hub")
            }
            return (.key(key), false)
        }
        throw HubError.unauthorized(
            "unknown-principal", "Loket-Principal must be terminal:<name> or key:<id>, got \"\(text)\"")
    }

    static func publicKey(of principal: Principal) throws -> Curve25519.Signing.PublicKey {
        let text =
            switch principal {
            case .terminal(let terminal): terminal.publicKey
            case .key(let key): key.publicKey
            case .user: ""  // people logged in to the console sign nothing
            }
        guard let raw = Data(base64Encoded: text), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            throw HubError(status: 500, code: "store-damaged", "the stored key of \(principal.header) is damaged")
        }
        return key
    }

    static func badSignature(_ principal: String) -> HubError {
        HubError.unauthorized(
            "bad-signature",
            "the signature does not match the request (method, host, path, body, time, nonce) and the key of \(principal)"
        )
    }

    // MARK: Enrolment

    /// An admin orders a one-time code for a terminal.
    public func order(_ order: EnrolmentOrder, by principal: Principal) async throws -> EnrolmentTicket {
        guard principal.isAdmin else {
            throw HubError.forbidden("admin-only", "only an admin key may enrol terminals")
        }
        guard Scope.isValid("terminal:" + order.terminal) else {
            throw HubError.badRequest(
                "bad-terminal-name", "terminal name \"\(order.terminal)\" must be 1–64 of A–Z a–z 0–9 . _ -")
        }
        guard !order.scopes.isEmpty else {
            throw HubError.badRequest(
                "no-scopes", "a terminal needs at least one scope (fleet, branch:<id>, ring:<id>, terminal:<id>)")
        }
        for scope in order.scopes where !Scope.isValid(scope) {
            throw HubError.badRequest(
                "bad-scope", "scope \"\(scope)\" must be fleet, branch:<id>, ring:<id> or terminal:<id>")
        }
        let collections = order.collections ?? Self.defaultTerminalCollections
        for collection in collections where !CollectionSchema.isValidName(collection) {
            throw HubError.badRequest("bad-collection", "collection name \"\(collection)\" is not valid")
        }
        let seconds = order.validSeconds ?? configuration.enrolmentValiditySeconds
        guard (60...30 * 86_400).contains(seconds) else {
            throw HubError.badRequest("bad-validity", "valid_seconds must be 60–2,592,000, got \(seconds)")
        }
        let code = EnrolmentCode.random()
        let expires = now + Int64(seconds) * 1000
        try await store.createEnrolment(
            PendingEnrolment(
                codeDigest: code.digest, terminal: order.terminal, scopes: order.scopes, collections: collections,
                expiresAtMilliseconds: expires, createdBy: principal.who))
        logger.info(
            "enrolment code issued", metadata: ["terminal": "\(order.terminal)", "by": "\(principal.header)"])
        await audit(
            principal, "terminal.enrolment-code", "terminal:\(order.terminal)",
            detail: order.scopes.joined(separator: " "))
        let trust = try await store.document(named: Self.profileTrustDocument)
        return EnrolmentTicket(
            code: code.description, terminal: order.terminal, expiresAtMilliseconds: expires,
            trustFingerprint: trust.map { RequestSignature.digest($0) })
    }

    /// The enrolled terminals, for an admin: no keys, no personal data.
    func terminals(by principal: Principal) async throws -> [TerminalSummary] {
        guard principal.isAdmin else {
            throw HubError.forbidden("admin-only", "only an admin key may list terminals")
        }
        return try await store.terminals().map { terminal in
            TerminalSummary(
                name: terminal.name, scopes: terminal.scopes, pushedSequence: terminal.pushedSequence,
                acknowledgedCursor: terminal.acknowledgedCursor, lastSeenMilliseconds: terminal.lastSeenMilliseconds)
        }
    }

    /// Retires a terminal (stolen, broken, given up): its key is refused from then on by
    /// every hub process (within the terminal cache's two seconds), its replica id is
    /// never given to another terminal, and the log no longer waits for it. Audited.
    public func retireTerminal(_ name: String, by principal: Principal) async throws {
        try Self.requireAdmin(principal, to: "retire terminals")
        guard try await store.removeTerminal(named: name) else {
            throw HubError.notFound("no terminal \(name) is enrolled here")
        }
        terminalCache.remove(name)
        logger.notice("terminal retired", metadata: ["terminal": "\(name)", "by": "\(principal.header)"])
        await audit(principal, "terminal.retire", "terminal:\(name)")
    }

    /// A terminal redeems its code.
    public func enrol(_ request: EnrolRequest) async throws -> EnrolResponse {
        guard EnrolmentCode.isWireForm(request.code), let code = try? EnrolmentCode(request.code) else {
            throw HubError.badRequest(
                "bad-enrolment-code",
                "code must be 20 characters of 0-9 A-Z without I L O U, or 5 groups of 4 with dashes")
        }
        guard request.publicKey.utf8.count == 44, let raw = Data(base64Encoded: request.publicKey), raw.count == 32,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
        else {
            throw HubError.badRequest("bad-public-key", "public_key must be an Ed25519 public key: 32 bytes, base64")
        }
        guard ReplicaID.isValid(request.replicaID), request.replicaID != Self.hubReplica else {
            throw HubError.badRequest(
                "bad-replica-id",
                "replica_id \"\(request.replicaID)\" is not a replica id a terminal may have (1–64 of A–Z a–z 0–9 . _ : -, not \(Self.hubReplica))"
            )
        }
        let terminal = try await store.redeemEnrolment(
            codeDigest: code.digest, publicKey: request.publicKey, replicaID: request.replicaID, nowMilliseconds: now)
        terminalCache.put(terminal, now: now)
        logger.info("terminal enrolled", metadata: ["terminal": "\(terminal.name)"])
        return EnrolResponse(
            terminal: terminal.name, scopes: terminal.scopes, collections: terminal.collections,
            profileTrust: try await profileTrustText(), cardKey: try await cardKey())
    }

    // MARK: Sync

    /// Takes a terminal's outbox batch, signed as `attestation` says (checked by the caller:
    /// ``verifyPush(_:_:)``, or the outbox file's signature); refused changes are answered,
    /// the rest stored with the attestation, for terminals to check.
    public func push(_ push: PreparedPush, attestation: PushAttestation, as caller: Authenticated) async throws
        -> PushReceipt
    {
        let terminal = try Self.terminal(caller.principal)
        guard push.batch.version == OutboxBatch.version else { throw HubError.unsignedPush }
        guard attestation.manifest == push.manifest(origin: terminal.replicaID) else {
            throw HubError.badRequest(
                "bad-segment-signature",
                "the push's signature does not cover its changes as terminal \(terminal.name)'s")
        }
        let authorizer = PushAuthorizer(
            terminal: terminal, nowMilliseconds: now, maximumDriftMilliseconds: configuration.maximumDriftMilliseconds)
        let decided = push.batch.entries.map(authorizer.decide)
        let receipt = try await store.push(
            terminal: terminal.name, replicaID: terminal.replicaID, entries: decided, segments: push.segments,
            attestation: attestation.encoded(), nowMilliseconds: now, nonce: caller.nonce)
        metrics.counter("loket_hub_changes_total", [("result", "accepted")]).increment(by: receipt.accepted)
        metrics.counter("loket_hub_changes_total", [("result", "refused")]).increment(by: receipt.refused.count)
        // The store refuses more (a record another scope holds): only what it took counts.
        let refusedAt = Set(receipt.refused.map { RefusedAt(sequence: $0.sequence, index: $0.index) })
        let stored = decided.map { $0.dropping { refusedAt.contains(RefusedAt(sequence: $0, index: $1)) } }
        await takeReports(stored, from: terminal.name)
        await takeAuditEntries(stored)
        if !receipt.refused.isEmpty {
            logger.notice(
                "changes refused", metadata: ["terminal": "\(terminal.name)", "refused": "\(receipt.refused.count)"])
        }
        return receipt
    }

    /// What is new in the terminal's scopes since `cursor`; its own changes too when
    /// `includeOwn` (after a snapshot, which may have dropped what it had pushed).
    public func pull(after cursor: Int64, limit: Int?, includeOwn: Bool = false, as caller: Authenticated)
        async throws -> PullPage
    {
        let terminal = try Self.terminal(caller.principal)
        guard cursor >= 0 else { throw HubError.badRequest("bad-cursor", "cursor must be 0 or more, got \(cursor)") }
        if let limit, limit < 1 {
            throw HubError.badRequest("bad-limit", "limit must be 1 or more, got \(limit)")
        }
        let pageLimit = min(limit ?? configuration.pullPageChanges, configuration.pullPageChanges)
        return try await store.pull(
            terminal: terminal.name, excludingOrigin: includeOwn ? nil : terminal.replicaID, scopes: terminal.scopes,
            after: cursor, limit: pageLimit, nowMilliseconds: now, nonce: caller.nonce)
    }

    /// A pull page as its origins signed it, with the enrolled key of each origin in it.
    public func segmentPage(_ page: PullPage) async throws -> SegmentPage {
        let origins = Set(page.segments.lazy.filter { $0.attestation != nil }.map(\.origin))
        var keys: [String: [UInt8]] = [:]
        for (origin, text) in try await store.originKeys(origins.sorted()) {
            guard let raw = Data(base64Encoded: text), raw.count == 32 else {
                throw HubError(status: 500, code: "store-damaged", "the stored key of replica \(origin) is damaged")
            }
            keys[origin] = Array(raw)
        }
        return SegmentPage(keys: keys, segments: page.segments)
    }

    /// A pull page's changes as one list, the omitted ones left out (for terminals that do
    /// not ask for segments).
    public static func changes(of page: PullPage) throws -> [Change] {
        var changes: [Change] = []
        for segment in page.segments {
            do { changes += try segment.changes() } catch {
                throw HubError(status: 500, code: "store-damaged", "log row \(segment.cursor): \(error)")
            }
        }
        return changes
    }

    /// One page of the folded state in the terminal's scopes.
    public func snapshot(after: String?, limit: Int?, by principal: Principal) async throws -> SnapshotPage {
        let terminal = try Self.terminal(principal)
        if let after {
            guard let (collection, record) = LogRows.split(after), !collection.isEmpty, !record.isEmpty else {
                throw HubError.badRequest("bad-after", "after must be collection/record, got \"\(after)\"")
            }
        }
        if let limit, limit < 1 {
            throw HubError.badRequest("bad-limit", "limit must be 1 or more, got \(limit)")
        }
        let pageLimit = min(limit ?? configuration.snapshotPageRecords, configuration.snapshotPageRecords)
        return try await store.snapshot(scopes: terminal.scopes, after: after, limit: pageLimit)
    }

    /// Folds what every active terminal holds and forgets old nonces.
    public func collectGarbage() async throws -> GarbageReport {
        let report = try await store.collectGarbage(
            activeSinceMilliseconds: now - configuration.tombstoneRetentionMilliseconds,
            nonceBeforeMilliseconds: now - 2 * configuration.requestWindowMilliseconds)
        logger.info("garbage collected", metadata: ["report": "\(report)"])
        do {
            let pruned = try await pruneDocuments()
            if pruned > 0 { logger.info("documents pruned", metadata: ["documents": "\(pruned)"]) }
        } catch {
            logger.warning("pruning documents failed", metadata: ["error": "\(error)"])
        }
        return report
    }

    static func terminal(_ principal: Principal) throws -> TerminalRecord {
        guard case .terminal(let terminal) = principal else {
            throw HubError.forbidden("terminal-only", "only an enrolled terminal may sync")
        }
        return terminal
    }
}
