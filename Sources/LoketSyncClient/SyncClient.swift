import Crypto
import Foundation
public import Logging
public import LoketProtocol
public import LoketStore
public import LoketSync

/// The terminal's side of the protocol: enrol once, then push the outbox and pull what is
/// new, as often as the agent asks. Every step is safe to repeat after a failure at any
/// byte: the outbox is trimmed only after the hub's receipt, the cursor is saved in the
/// transaction that merges what it stands for, and the hub takes each outbox entry once.
public final class SyncClient: Sendable {
    public let replica: Replica
    public let identity: TerminalIdentity
    let connection: HubConnection
    let configuration: SyncConfiguration
    let clock: any WallClock
    let logger: Logger

    /// A client for an enrolled replica; ``SyncError/notEnrolled(_:)`` otherwise.
    ///
    /// - Parameter hub: another address of the same hub (another process behind a load
    ///   balancer, a proxy); by default the address the terminal enrolled at.
    public init(
        replica: Replica, configuration: SyncConfiguration, clock: any WallClock, logger: Logger, hub: String? = nil
    ) throws {
        self.replica = replica
        self.identity = try TerminalIdentity.load(from: replica)
        self.connection = try HubConnection(
            baseURL: hub ?? identity.hub, configuration: configuration, clock: clock)
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Redeems an enrolment code: makes the terminal's Ed25519 key (once per replica: a
    /// replica enrolled again keeps it), registers it with the hub and keeps hub, name, key
    /// and scopes in the replica. Safe to retry with the same code.
    public static func enrol(
        replica: Replica, hub: String, code: String, configuration: SyncConfiguration, clock: any WallClock,
        logger: Logger
    ) async throws -> EnrolResponse {
        // `CODE+FINGERPRINT`: the trust the admin saw when the code was made.
        let parts = code.split(separator: "+", maxSplits: 1).map(String.init)
        let pin = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces).lowercased() : nil
        if let pin, !(16...64).contains(pin.count) || !pin.allSatisfy(\.isHexDigit) {
            throw SyncError.notEnrolled(
                "the part of the code after + is the trust's fingerprint: 16 hex digits, got \"\(parts[1])\"")
        }
        let parsed: EnrolmentCode
        do { parsed = try EnrolmentCode(parts.first ?? "") } catch { throw SyncError.notEnrolled(error.description) }
        // A replica keeps its key for good: the hub takes one key per replica id, and what
        // the replica signed stays checkable with it. A key made for an earlier try is
        // reused too (a hub may have taken it and the answer been lost or refused here), so
        // a retry after a lost answer is recognised by the hub.
        let pendingKey = "sync.pending_key"
        let key: Curve25519.Signing.PrivateKey
        if let stored = try replica.setting(SyncSettings.privateKey), let raw = Data(base64Encoded: stored),
            let existing = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        {
            key = existing
        } else if let stored = try replica.setting(pendingKey), let raw = Data(base64Encoded: stored),
            let existing = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        {
            key = existing
        } else {
            key = Curve25519.Signing.PrivateKey()
            try replica.setSettings([pendingKey: key.rawRepresentation.base64EncodedString()])
        }
        let connection = try HubConnection(baseURL: hub, configuration: configuration, clock: clock)
        let request = EnrolRequest(
            code: parsed.normalized, publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
            replicaID: replica.id.rawValue)
        let answer: HubConnection.Answer
        do {
            answer = try await connection.send(
                "POST", "/v1/enrol", body: Array(try JSONEncoder().encode(request)),
                contentType: ProtocolHeaders.jsonMediaType)
            try await connection.shutdown()
        } catch {
            try? await connection.shutdown()
            throw error
        }
        let response: EnrolResponse
        do { response = try JSONDecoder().decode(EnrolResponse.self, from: Data(answer.body)) } catch {
            throw SyncError.badAnswer("the enrolment answer is not JSON of the expected form: \(error)")
        }
        let heldTrust = try replica.setting(SyncSettings.profileTrust)
        try Self.checkTrust(response.profileTrust, pin: pin, previous: heldTrust)
        let previous = try replica.settings(prefix: "sync.")
        var settings: [String: String?] = [
            SyncSettings.hub: connection.baseURL, SyncSettings.terminal: response.terminal,
            SyncSettings.privateKey: key.rawRepresentation.base64EncodedString(),
            SyncSettings.scopes: response.scopes.joined(separator: " "),
            SyncSettings.collections: response.collections.joined(separator: " "), pendingKey: nil,
            // A hub that answers no trust leaves the one held: a trust is never lowered,
            // not even to none.
            SyncSettings.profileTrust: response.profileTrust ?? heldTrust,
            SyncSettings.cardKey: response.cardKey,
        ]
        // Enrolled anew at another hub or under another name: pull from the beginning.
        if previous[SyncSettings.terminal] != response.terminal || previous[SyncSettings.hub] != connection.baseURL {
            settings.updateValue(nil, forKey: SyncSettings.cursor)
            settings.updateValue(nil, forKey: SyncSettings.includeOwn)
            settings.updateValue(nil, forKey: SyncSettings.signedFrom)
        }
        try replica.setSettings(settings)
        logger.info("enrolled", metadata: ["terminal": "\(response.terminal)", "hub": "\(connection.baseURL)"])
        return response
    }

    /// The profile trust in an enrolment answer is taken only when the code vouches for it
    /// (its fingerprint after the `+`), and never when it is older than the trust this
    /// replica holds: a hub cannot slip a terminal another trust, nor an earlier one.
    static func checkTrust(_ answered: String?, pin: String?, previous: String?) throws {
        switch (answered, pin) {
        case (nil, nil):
            return
        case (nil, _?):
            throw SyncError.notEnrolled(
                "the code names a profile trust, but the hub answered none: do not use this hub; ask the admin")
        case (let trust?, nil):
            throw SyncError.notEnrolled(
                "the hub answered a profile trust that the code does not vouch for (fingerprint \(RequestSignature.digest(Array(trust.utf8)).prefix(16).uppercased())); use the code as loket admin enrol printed it, with its +fingerprint"
            )
        case (let trust?, let pin?):
            let fingerprint = RequestSignature.digest(Array(trust.utf8))
            guard fingerprint.hasPrefix(pin) else {
                throw SyncError.notEnrolled(
                    "the hub's profile trust (fingerprint \(fingerprint.prefix(16).uppercased())) is not the one the code names (\(pin.uppercased())): not enrolled; ask the admin"
                )
            }
            if let previous, let old = trustVersion(previous), let new = trustVersion(trust), new < old {
                throw SyncError.notEnrolled(
                    "the hub answered profile trust version \(new), older than version \(old) this terminal holds: not enrolled"
                )
            }
        }
    }

    /// The version of a trust file (`signed.version`), if it reads.
    static func trustVersion(_ text: String) -> Int? {
        guard case .object(let envelope)? = try? FieldValue(json: text), case .object(let signed)? = envelope["signed"],
            case .int(let version)? = signed["version"]
        else { return nil }
        return Int(version)
    }

    var signer: (principal: String, key: Curve25519.Signing.PrivateKey) {
        ("terminal:" + identity.terminal, identity.privateKey)
    }

    /// One round: push the whole outbox, then pull until caught up (taking a snapshot
    /// when the hub says the terminal is behind its horizon). Records the outcome for
    /// ``status()``; throws ``SyncError`` when the round could not finish.
    @discardableResult
    public func sync() async throws -> SyncReport {
        let started = Int64(clamping: clock.nowMilliseconds())
        var report = SyncReport()
        do {
            do {
                try await push(&report)
                try await settleClock(&report)
                try await pull(&report)
            } catch let restored as LogEpochChanged {
                try recoverFromRestore(restored.epoch, &report)
                try await push(&report)
                try await pull(&report)
            }
            try replica.setSettings([
                SyncSettings.lastAttempt: String(started),
                SyncSettings.lastSuccess: String(Int64(clamping: clock.nowMilliseconds())),
                SyncSettings.failures: "0", SyncSettings.lastError: nil,
            ])
            logger.debug("synced", metadata: ["report": "\(report)"])
            return report
        } catch {
            let failures = Int(try replica.setting(SyncSettings.failures) ?? "0") ?? 0
            try? replica.setSettings([
                SyncSettings.lastAttempt: String(started), SyncSettings.failures: String(failures + 1),
                SyncSettings.lastError: "\(error)",
            ])
            throw error
        }
    }

    /// After a push: keeps what the hub said of the time in the replica (writes are stamped
    /// with the hub's time from then on, and a clock that ran ahead is wound back, its
    /// changes stamped again), puts changes the hub refused for clock drift back in the
    /// outbox once they are within the bound, and pushes once more when either happened.
    func settleClock(_ report: inout SyncReport) async throws {
        guard let observation = connection.clockObservation else { return }
        let reference = try replica.setClockReference(
            hubMilliseconds: observation.hubMilliseconds, offsetMilliseconds: observation.offsetMilliseconds)
        report.clockOffsetMilliseconds = reference.offsetMilliseconds
        report.restampedChanges += reference.restamped
        let requeued = try replica.requeueClockRefusals()
        report.requeuedChanges += requeued
        if abs(reference.offsetMilliseconds) > Int64(HybridLogicalClock.defaultMaximumDriftMilliseconds) {
            logger.warning(
                "this terminal's clock is wrong; writes are stamped with the hub's time",
                metadata: ["clock.offset_ms": "\(reference.offsetMilliseconds)"])
        }
        if reference.restamped > 0 || requeued > 0 { try await push(&report) }
    }

    func push(_ report: inout SyncReport) async throws {
        while true {
            var entries = try replica.outbox(limit: configuration.batchEntries)
            // At most batchBytes per request (and always one entry): under the hub's body limit.
            var bytes = 0
            if let cut = entries.firstIndex(where: { entry in
                bytes += entry.payload.count + 12
                return bytes > configuration.batchBytes
            }) {
                entries = Array(entries.prefix(max(1, cut)))
            }
            guard let last = entries.last else { return }
            let body = OutboxBatch.encode(entries.map { ($0.sequence, $0.payload) })
            // Entries this replica wrote and cannot read are local damage, said as such.
            let manifest = try PushManifest(origin: replica.id.rawValue, batch: body)
            let answer = try await connection.send(
                "POST", "/v1/push", body: body, contentType: ProtocolHeaders.outboxMediaType, signer: signer,
                signedDigest: manifest.digest)
            let receipt: PushReceipt
            do { receipt = try JSONDecoder().decode(PushReceipt.self, from: Data(answer.body)) } catch {
                throw SyncError.badAnswer("the push receipt is not JSON of the expected form: \(error)")
            }
            // Never trim what was not in this batch, whatever the hub says.
            let through = min(receipt.acknowledgedThrough, last.sequence)
            guard through >= entries[0].sequence else {
                throw SyncError.badAnswer(
                    "the hub acknowledged through \(receipt.acknowledgedThrough), before this batch (\(entries[0].sequence)…\(last.sequence))"
                )
            }
            var refused: [(change: Change, code: String, reason: String)] = []
            for refusal in receipt.refused {
                guard let entry = entries.first(where: { $0.sequence == refusal.sequence }),
                    let changes = try? Changeset(binary: entry.payload).changes, changes.indices.contains(refusal.index)
                else {
                    throw SyncError.badAnswer(
                        "the hub refused change \(refusal.index) of outbox entry \(refusal.sequence), which this batch does not hold"
                    )
                }
                refused.append((changes[refusal.index], refusal.code, "refused by the hub: " + refusal.reason))
            }
            try replica.acknowledgeOutbox(through: through, refused: refused)
            let acknowledged = entries.filter { $0.sequence <= through }
            report.pushedEntries += acknowledged.count
            report.acceptedChanges += receipt.accepted
            report.refusedChanges += refused.count
            if !refused.isEmpty {
                logger.warning(
                    "the hub refused changes; they are in the quarantine", metadata: ["refused": "\(refused.count)"])
            }
        }
    }

    func pull(_ report: inout SyncReport) async throws {
        var cursor = Int64(try replica.setting(SyncSettings.cursor) ?? "0") ?? 0
        var includeOwn = try replica.setting(SyncSettings.includeOwn) == "1"
        while true {
            let answer: HubConnection.Answer
            do {
                answer = try await connection.send(
                    "GET", "/v1/pull?cursor=\(cursor)&limit=\(configuration.pullLimit)" + (includeOwn ? "&own=1" : ""),
                    signer: signer, headers: [(ProtocolHeaders.pullForm, "segments")])
            } catch SyncError.hub(410, "snapshot-required", _) {
                cursor = try await takeSnapshot(&report)
                includeOwn = true
                continue
            } catch SyncError.hub(409, "cursor-ahead", _) {
                // The hub's log ends before this terminal's cursor: it was restored from an
                // older backup (with `loket hub restored` or without). Its epoch, from a
                // snapshot page that changes nothing, is the one to count in from now on.
                let probe = try await connection.send("GET", "/v1/snapshot?limit=1", signer: signer)
                throw LogEpochChanged(epoch: probe.headers["loket-log-epoch"] ?? "")
            }
            report.pullRequests += 1
            let epoch = try checkEpoch(answer)
            guard let next = answer.headers["loket-cursor"].flatMap(Int64.init), next >= cursor else {
                throw SyncError.badAnswer("the pull answer has no valid Loket-Cursor at or after \(cursor)")
            }
            let verified = try verifiedChanges(answer)
            let changeset = Changeset(changes: verified.changes)
            let caughtUp = answer.headers["loket-more"] != "1"
            var settings: [String: String?] = verified.settings
            settings[SyncSettings.cursor] = String(next)
            if let epoch { settings[SyncSettings.logEpoch] = epoch }
            if caughtUp && includeOwn { settings.updateValue(nil, forKey: SyncSettings.includeOwn) }
            try replica.merge(contentsOf: [changeset], settings: settings)
            report.pulledChanges += changeset.changes.count
            cursor = next
            report.cursor = cursor
            if caughtUp { return }
        }
    }

    /// A pull answer's changes, each segment checked against its origin's key
    /// (``SegmentVerifier``), and the settings that pin what this answer taught: the keys
    /// of origins seen for the first time, and the hub's signed-from cursor.
    func verifiedChanges(_ answer: HubConnection.Answer) throws -> (changes: [Change], settings: [String: String?]) {
        guard answer.headers["content-type"] == ProtocolHeaders.segmentsMediaType else {
            throw SyncError.badAnswer(
                "the pull answer is not in segments (\(answer.headers["content-type"] ?? "no content type")): the hub is older than this terminal; update it"
            )
        }
        let page: SegmentPage
        do { page = try SegmentPage(binary: answer.body) } catch {
            throw SyncError.badAnswer("the pull answer is damaged: \(error)")
        }
        var settings: [String: String?] = [:]
        let pinnedFrom = try replica.setting(SyncSettings.signedFrom).flatMap(Int64.init)
        let answeredFrom = answer.headers[ProtocolHeaders.signedFrom.lowercased()].flatMap(Int64.init)
        if pinnedFrom == nil, let answeredFrom { settings[SyncSettings.signedFrom] = String(answeredFrom) }
        var verifier = SegmentVerifier(
            ownOrigin: replica.id.rawValue, ownKey: identity.privateKey.publicKey,
            pinnedKeys: try replica.settings(prefix: SyncSettings.originKeyPrefix).reduce(into: [:]) { keys, entry in
                keys[String(entry.key.dropFirst(SyncSettings.originKeyPrefix.count))] = entry.value
            }, signedFrom: pinnedFrom ?? answeredFrom ?? 0)
        let changes = try verifier.changes(of: page)
        for (origin, key) in verifier.learned { settings[SyncSettings.originKeyPrefix + origin] = key }
        return (changes, settings)
    }

    /// Fetches every snapshot page, merging each; then forgets what no page named and
    /// moves the cursor to the snapshot's horizon. Returns the new cursor.
    func takeSnapshot(_ report: inout SyncReport) async throws -> Int64 {
        for _ in 0..<3 {
            var after: String?
            var horizon: Int64?
            var kept = Set<String>()
            var consistent = true
            repeat {
                var path = "/v1/snapshot"
                if let after {
                    path += "?after=" + (after.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? after)
                }
                let answer = try await connection.send("GET", path, signer: signer)
                guard let pageHorizon = answer.headers["loket-horizon"].flatMap(Int64.init) else {
                    throw SyncError.badAnswer("the snapshot page has no Loket-Horizon")
                }
                // Before anything is forgotten: a restored hub's snapshot lacks what this
                // terminal made since the backup.
                if let epoch = try checkEpoch(answer) { try replica.setSettings([SyncSettings.logEpoch: epoch]) }
                if let horizon, horizon != pageHorizon {
                    consistent = false
                    break
                }
                horizon = pageHorizon
                let changeset = try Self.changeset(answer.body)
                for change in changeset.changes { kept.insert(change.collection + "/" + change.recordID) }
                try replica.merge(contentsOf: [changeset])
                report.pulledChanges += changeset.changes.count
                if answer.headers["loket-more"] == "1" {
                    guard let next = answer.headers["loket-next"], next != after else {
                        throw SyncError.badAnswer("a snapshot page says more follows but names no next page")
                    }
                    after = next
                } else {
                    after = nil
                }
            } while after != nil
            guard consistent, let horizon else { continue }
            // Records pushed after the horizon are not in the snapshot and may be forgotten
            // here; the pulls that follow bring them back, own changes included.
            report.forgottenRecords += try replica.forgetRecords(
                inScopes: identity.scopes, except: kept,
                settings: [SyncSettings.cursor: String(horizon), SyncSettings.includeOwn: "1"])
            report.tookSnapshot = true
            logger.notice("took a snapshot", metadata: ["horizon": "\(horizon)"])
            return horizon
        }
        throw SyncError.unreachable("the hub's horizon kept moving while the snapshot was read; trying again later")
    }

    /// The answer's log epoch when this terminal has none yet (to be saved with the
    /// cursor); throws ``LogEpochChanged`` when the hub's log is not the one the cursor
    /// counts in — the hub was restored from a backup.
    func checkEpoch(_ answer: HubConnection.Answer) throws -> String? {
        guard let epoch = answer.headers["loket-log-epoch"] else { return nil }
        let known = try replica.setting(SyncSettings.logEpoch)
        if known == nil { return epoch }
        if known != epoch { throw LogEpochChanged(epoch: epoch) }
        return nil
    }

    /// After a restore: this terminal's own part of every record goes to the outbox again
    /// (the hub lost what it pushed after the backup), and the pull starts from the
    /// beginning of the restored log (its cursors count anew).
    func recoverFromRestore(_ epoch: String, _ report: inout SyncReport) throws {
        let resent = try replica.resendOwnChanges()
        try replica.setSettings([
            SyncSettings.logEpoch: epoch, SyncSettings.cursor: "0", SyncSettings.includeOwn: "1",
        ])
        report.resentChanges += resent
        logger.warning(
            "the hub was restored from a backup: own changes sent again, pulling from the start",
            metadata: ["resent": "\(resent)"])
    }

    static func changeset(_ body: [UInt8]) throws -> Changeset {
        do { return try Changeset(binary: body) } catch {
            throw SyncError.badAnswer("the changes sent are damaged: \(error)")
        }
    }

    /// The terminal's sync state as recorded by the last rounds.
    public func status() throws -> SyncStatus {
        try SyncStatus.read(from: replica, configuration: configuration, now: Int64(clamping: clock.nowMilliseconds()))
    }

    /// Closes the connection to the hub.
    public func shutdown() async throws {
        try await connection.shutdown()
    }
}
