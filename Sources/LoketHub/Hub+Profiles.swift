import Crypto
import Foundation
import LoketKiosk
public import LoketProtocol
import LoketSync

/// Profile rollouts: admins push signed versions, send them to rings (canary → branch →
/// all) through the `profiles` collection; terminals report after applying; too many
/// unhealthy reports within the window halt the rollout, and the hub re-issues the last
/// good content under a new, higher version (docs/PROFILES.md, "Rollout").
extension Hub {
    /// The replica id of the changes the hub writes itself. No terminal may enrol with it.
    static let hubReplica = OriginSegment.hubOrigin
    static let reissueKeyDocument = "reissue-key"

    static func rolloutDocument(_ profile: String) -> String { "rollout/\(profile)" }
    static func versionDocument(_ profile: String, _ version: Int) -> String {
        "profile/\(profile)/" + String(repeating: "0", count: max(0, 10 - String(version).count)) + String(version)
    }
    static func reportPrefix(_ profile: String) -> String { "report/\(profile)/" }

    /// Throws unless an admin asks; answers who, as rollouts record it.
    @discardableResult
    static func requireAdmin(_ principal: Principal, to action: String) throws -> String {
        guard principal.isAdmin else {
            throw HubError.forbidden("admin-only", "only an admin may \(action)")
        }
        return principal.who
    }

    static func checkProfileID(_ id: String) throws {
        guard ProfileDocument.isValidID(id) else {
            throw HubError.badRequest("bad-profile-id", "a profile id is 1–64 of a–z 0–9 -, got \"\(id)\"")
        }
    }

    // MARK: Admin operations

    /// An admin pushes a signed profile version. The hub checks it as a terminal would
    /// (signatures against the fleet's trust, content, expiry) and keeps it; nothing is
    /// sent until a rollout. The version must be above every version the hub holds.
    public func pushProfile(_ body: [UInt8], by principal: Principal) async throws -> ProfileStatus {
        let key = try Self.requireAdmin(principal, to: "push profiles")
        let trust = try await requireTrust()
        guard !ReissuedProfile.isReissue(bytes: body) else {
            throw HubError.badRequest("profile-refused", "a reissued profile is made by the hub, not pushed")
        }
        let profile: KioskProfile
        do {
            profile = try ProfileVerifier(trust: trust, branch: nil).verify(body, now: date)
        } catch {
            throw HubError.badRequest("profile-refused", "terminals would refuse this profile: \(error)")
        }
        let name = Self.versionDocument(profile.id, profile.version)
        let status = try await changeRollout(profile.id, create: true) { rollout in
            // The same version again (a retry) changes nothing.
            if rollout.version(profile.version) != nil, try await self.store.document(named: name) == body {
                return []
            }
            guard profile.version > rollout.newest else {
                throw HubError.conflict(
                    "not-newer",
                    "\(profile.id) version \(profile.version) is not above version \(rollout.newest), the newest the hub holds (re-issued versions count); raise the version and sign again"
                )
            }
            try await self.keepDocument(name, body)
            rollout.versions.append(
                .init(number: profile.version, carries: profile.version, atMilliseconds: self.now, by: key))
            return []
        }
        await audit(principal, "profile.push", "profile:\(profile.id)", detail: "version \(profile.version)")
        return status
    }

    /// An admin sends a version to a ring. Rings widen in order from the profile's
    /// `targeting.ring`: a ring is allowed when it is no wider than that, or at most one
    /// step wider than the widest ring the version has reached.
    public func rollout(_ id: String, _ order: RolloutOrder, by principal: Principal) async throws -> ProfileStatus {
        try Self.requireAdmin(principal, to: "roll profiles out")
        try Self.checkProfileID(id)
        let ring: RolloutRing
        do { ring = try RolloutRing(order.ring) } catch { throw HubError.badRequest("bad-ring", "\(error)") }
        let status = try await changeRollout(id, create: false) { rollout in
            let number = order.version ?? rollout.versions.filter { $0.carries == $0.number }.map(\.number).max() ?? 0
            guard let version = rollout.version(number) else {
                throw HubError.notFound("the hub holds no \(id) version \(number); push it first")
            }
            guard version.carries == version.number else {
                throw HubError.conflict(
                    "reissue-not-sent", "version \(number) is a reissue; it goes only where the halted version went")
            }
            guard !rollout.isHalted(number) else {
                throw HubError.conflict(
                    "rollout-halted", "\(id) version \(number) was halted; push a newer version to go on")
            }
            if let current = rollout.current, number < current {
                throw HubError.conflict(
                    "older-than-current",
                    "\(id) version \(number) is older than version \(current), which was already sent; versions never go backwards"
                )
            }
            if rollout.stages.contains(where: { $0.version == number && $0.scope == ring.scope }) { return [] }
            let body = try await self.requireDocument(Self.versionDocument(id, number))
            let start = RolloutRing.rank(ofTargeting: Self.targetingRing(body))
            let reached = rollout.stages.filter { $0.version == number }.compactMap { try? RolloutRing($0.ring).rank }
                .max()
            guard ring.rank <= max(start, (reached ?? -1) + 1) else {
                let next = ProfileTargeting.rings[max(start, (reached ?? -1) + 1)]
                throw HubError.conflict(
                    "ring-order",
                    "\(id) version \(number) goes canary → branch → all from its targeting.ring (\(ProfileTargeting.rings[start])); send it to a \(next) ring first"
                )
            }
            rollout.stages.append(
                .init(version: number, ring: ring.description, scope: ring.scope, atMilliseconds: self.now))
            return try self.records(&rollout, scope: ring.scope, version: number, document: body)
        }
        await audit(
            principal, "profile.rollout", "profile:\(id)",
            detail: "version \(order.version.map(String.init) ?? "newest") to \(ring.description)")
        return status
    }

    /// An admin halts the version being rolled out, and the hub re-issues the last good
    /// content as a new version where the halted one went.
    public func rollback(_ id: String, by principal: Principal) async throws -> ProfileStatus {
        let key = try Self.requireAdmin(principal, to: "roll profiles back")
        try Self.checkProfileID(id)
        var halted = 0
        let status = try await changeRollout(id, create: false) { rollout in
            guard let watched = rollout.watched else {
                throw HubError.conflict(
                    "nothing-to-roll-back", "no version of \(id) is being rolled out (none sent, or already halted)")
            }
            halted = watched
            return try await self.halt(&rollout, version: watched, reason: "rolled back by \(key)")
        }
        await audit(principal, "profile.rollback", "profile:\(id)", detail: "version \(halted) halted")
        return status
    }

    /// A profile's rollout per ring.
    public func profileStatus(_ id: String, by principal: Principal) async throws -> ProfileStatus {
        try Self.requireAdmin(principal, to: "read rollouts")
        try Self.checkProfileID(id)
        guard let bytes = try await store.document(named: Self.rolloutDocument(id)) else {
            throw HubError.notFound("the hub holds no profile \(id); push it first")
        }
        return try await status(try ProfileRollout(decoding: bytes, name: Self.rolloutDocument(id)))
    }

    /// Every profile's rollout.
    public func profileStatuses(by principal: Principal) async throws -> [ProfileStatus] {
        try Self.requireAdmin(principal, to: "read rollouts")
        var result: [ProfileStatus] = []
        for (name, bytes) in try await store.documents(prefix: "rollout/") {
            result.append(try await status(try ProfileRollout(decoding: bytes, name: name)))
        }
        return result
    }

    /// The public half of the hub's reissue key, for the trust file's `reissuers`.
    public func reissueKeyInfo(by principal: Principal) async throws -> ReissueKeyInfo {
        try Self.requireAdmin(principal, to: "read the reissue key")
        let key = try await reissueKey()
        return ReissueKeyInfo(keyid: key.keyID, publicKey: key.publicKeyBase64)
    }

    // MARK: Reports and automatic rollback

    /// Takes the profile reports in a push's accepted changes and checks the rollouts they
    /// concern. The push is stored already: a failure here is logged, not answered.
    func takeReports(_ entries: [DecidedEntry], from terminal: String) async {
        var byRecord: [String: [Change]] = [:]
        for entry in entries {
            for change in entry.accepted where change.collection == "profile_reports" {
                byRecord[change.recordID, default: []].append(change)
            }
        }
        guard !byRecord.isEmpty else { return }
        var profiles = Set<String>()
        for changes in byRecord.values {
            guard var report = ProfileReport(terminal: terminal, changes: changes),
                (try? Self.checkProfileID(report.profile)) != nil
            else { continue }
            report.receivedAtMilliseconds = now
            do {
                if try await keepReport(report) { profiles.insert(report.profile) }
            } catch {
                logger.warning("a profile report was not kept", metadata: ["error": "\(error)"])
            }
        }
        for profile in profiles.sorted() {
            do { try await watch(profile) } catch {
                logger.warning("a rollout check failed", metadata: ["profile": "\(profile)", "error": "\(error)"])
            }
        }
    }

    /// Keeps a report unless the hub holds a later one from the same terminal.
    func keepReport(_ report: ProfileReport) async throws -> Bool {
        let name = Self.reportPrefix(report.profile) + report.terminal
        for _ in 0..<8 {
            let current = try await store.document(named: name)
            if let current, let held = ProfileReport.decoded(current),
                held.reportedAtMilliseconds > report.reportedAtMilliseconds
            {
                return false
            }
            if try await store.replaceDocument(named: name, with: try report.encoded(), expected: current) {
                return true
            }
        }
        throw HubError.conflict("busy", "the report of \(report.terminal) kept changing; it is taken at its next push")
    }

    /// Halts the watched version of `profile` when more than the allowed share of a ring
    /// reported unhealthy on it within the window.
    func watch(_ profile: String) async throws {
        var halted: String?
        _ = try await changeRollout(profile, create: false) { rollout in
            halted = nil
            guard let watched = rollout.watched else { return [] }
            let reports = try await self.reports(profile)
            let terminals = try await self.store.terminals()
            for stage in rollout.stages where stage.version == watched {
                let ring = self.ringStatus(stage, reports: reports, terminals: terminals)
                guard self.now <= ring.windowEndsAtMilliseconds, ring.terminals > 0,
                    Double(ring.unhealthy) > self.configuration.rolloutUnhealthyShare * Double(ring.terminals)
                else { continue }
                let share = Int((self.configuration.rolloutUnhealthyShare * 100).rounded())
                let reason =
                    "\(ring.unhealthy) of \(ring.terminals) terminals in ring \(stage.ring) reported unhealthy on version \(watched) (more than \(share)%)"
                self.logger.warning(
                    "rollout halted",
                    metadata: ["profile": "\(profile)", "version": "\(watched)", "reason": "\(reason)"])
                halted = "version \(watched) halted: \(reason)"
                return try await self.halt(&rollout, version: watched, reason: reason)
            }
            return []
        }
        if let halted {
            do {
                try await recordAudit(
                    actor: "hub", action: "profile.halt", target: "profile:\(profile)", detail: halted)
            } catch { logger.error("an audit entry was not written", metadata: ["error": "\(error)"]) }
        }
    }

    /// Marks `version` halted; re-issues the last good version's content as the next
    /// version into every scope the halted one reached, when there is one and the fleet
    /// trusts this hub's reissue key.
    func halt(_ rollout: inout ProfileRollout, version: Int, reason: String) async throws -> [Change] {
        var halt = ProfileRollout.Halt(version: version, atMilliseconds: now, reason: reason, reissuedAs: nil)
        var changes: [Change] = []
        if let good = rollout.lastGood(before: version), try await automaticRollback() {
            let number = rollout.newest + 1
            let original = try await requireDocument(Self.versionDocument(rollout.profile, good.carries))
            let body = try ReissuedProfile.reissue(
                original, profile: rollout.profile, version: number,
                reason: "\(reason); back to the content of version \(good.carries)", key: try await reissueKey())
            try await keepDocument(Self.versionDocument(rollout.profile, number), body)
            rollout.versions.append(.init(number: number, carries: good.carries, atMilliseconds: now, by: "hub"))
            var scopes: [String] = []
            for stage in rollout.stages where stage.version == version && !scopes.contains(stage.scope) {
                scopes.append(stage.scope)
                rollout.stages.append(
                    .init(version: number, ring: stage.ring, scope: stage.scope, atMilliseconds: now))
                changes += try records(&rollout, scope: stage.scope, version: number, document: body)
            }
            halt.reissuedAs = number
        }
        rollout.halts.append(halt)
        return changes
    }

    // MARK: Parts

    /// Reads, changes and writes back a rollout by compare-and-set, with the records the
    /// change publishes in the same transaction; retried when another hub process came
    /// first.
    func changeRollout(
        _ profile: String, create: Bool,
        _ change: (inout ProfileRollout) async throws -> [Change]
    ) async throws -> ProfileStatus {
        let name = Self.rolloutDocument(profile)
        for _ in 0..<8 {
            let current = try await store.document(named: name)
            var rollout: ProfileRollout
            if let current {
                rollout = try ProfileRollout(decoding: current, name: name)
            } else {
                guard create else { throw HubError.notFound("the hub holds no profile \(profile); push it first") }
                rollout = ProfileRollout(profile: profile)
            }
            let before = rollout
            let changes = try await change(&rollout)
            if rollout == before { return try await status(rollout) }
            if try await store.publish(
                changes, origin: Self.hubReplica, replacing: name, with: try rollout.encoded(), expected: current)
            {
                return try await status(rollout)
            }
        }
        throw HubError.conflict("busy", "the rollout of \(profile) kept changing while this request was made; retry")
    }

    /// The changes that put `document` into the record `<profile>@<scope>`, later than
    /// every record the hub published for this profile before.
    func records(_ rollout: inout ProfileRollout, scope: String, version: Int, document: [UInt8]) throws -> [Change] {
        rollout.clock = max(Int64(now) << 16, rollout.clock + 1)
        guard let time = HybridTime(packed: rollout.clock) else {
            throw HubError(status: 500, code: "clock", "the hub's clock is out of range")
        }
        return Self.profileRecord(
            id: "\(rollout.profile)@\(scope)", scope: scope, kind: "profile", profile: rollout.profile,
            version: version, document: document, time: time)
    }

    static func profileRecord(
        id: String, scope: String, kind: String, profile: String, version: Int, document: [UInt8], time: HybridTime
    ) -> [Change] {
        // Safe: the id is valid.
        let stamp = HybridTimestamp(time: time, replica: try! ReplicaID(hubReplica))
        let fields: [(String, FieldValue)] = [
            ("kind", .string(kind)), ("profile", .string(profile)), ("version", .int(Int64(version))),
            ("document", .string(String(decoding: document, as: UTF8.self))),
        ]
        return [
            Change(
                collection: "profiles", recordID: id, scope: scope, causalLength: 1, timestamp: stamp,
                operation: .existence)
        ]
            + fields.map {
                Change(
                    collection: "profiles", recordID: id, scope: scope, causalLength: 1, timestamp: stamp,
                    operation: .register(field: $0.0, value: $0.1))
            }
    }

    func status(_ rollout: ProfileRollout) async throws -> ProfileStatus {
        let reports = try await reports(rollout.profile)
        let terminals = try await store.terminals()
        let sentOriginals = rollout.stages.map(\.version).filter { rollout.version($0)?.carries == $0 }
        let newestSent = sentOriginals.max()
        let lastHalt = rollout.halts.last
        let state =
            if rollout.stages.isEmpty { "pushed" } else if let newestSent, rollout.isHalted(newestSent) {
                "halted"
            } else { "rolling" }
        var reissues: [String: Int] = [:]
        for version in rollout.versions where version.carries != version.number {
            reissues[String(version.number)] = version.carries
        }
        return ProfileStatus(
            profile: rollout.profile, versions: rollout.versions.map(\.number), reissues: reissues, state: state,
            current: rollout.current, haltedVersion: state == "halted" ? lastHalt?.version : nil,
            haltReason: state == "halted" ? lastHalt?.reason : nil,
            reissuedVersion: state == "halted" ? lastHalt?.reissuedAs : nil,
            rings: rollout.stages.map { ringStatus($0, reports: reports, terminals: terminals) },
            automaticRollback: try await automaticRollback())
    }

    /// A stage's counts: the ring's terminals that report on this profile, and how their
    /// reports on the stage's version, received within its window, went.
    func ringStatus(_ stage: ProfileRollout.Stage, reports: [String: ProfileReport], terminals: [TerminalRecord])
        -> RingStatus
    {
        let end = stage.atMilliseconds + Int64(configuration.rolloutWindowSeconds) * 1000
        var members = 0
        var healthy = 0
        var unhealthy = 0
        for terminal in terminals where terminal.scopes.contains(stage.scope) {
            // A terminal the version does not target (another branch) is not in the count.
            guard let report = reports[terminal.name], report.result != "other-branch" else { continue }
            members += 1
            guard report.version == stage.version, report.receivedAtMilliseconds >= stage.atMilliseconds,
                report.receivedAtMilliseconds <= end
            else { continue }
            if report.isHealthy(maximumSyncLagSeconds: configuration.rolloutMaximumSyncLagSeconds) {
                healthy += 1
            } else {
                unhealthy += 1
            }
        }
        return RingStatus(
            ring: stage.ring, version: stage.version, startedAtMilliseconds: stage.atMilliseconds,
            windowEndsAtMilliseconds: end, terminals: members, healthy: healthy, unhealthy: unhealthy,
            waiting: members - healthy - unhealthy)
    }

    /// The latest report of each terminal on `profile`, by terminal name.
    func reports(_ profile: String) async throws -> [String: ProfileReport] {
        var result: [String: ProfileReport] = [:]
        for (_, bytes) in try await store.documents(prefix: Self.reportPrefix(profile)) {
            if let report = ProfileReport.decoded(bytes) { result[report.terminal] = report }
        }
        return result
    }

    func installedTrust() async throws -> ProfileTrust? {
        guard let bytes = try await store.document(named: Self.profileTrustDocument) else { return nil }
        do { return try ProfileTrust(file: bytes) } catch {
            throw HubError(status: 500, code: "store-damaged", "the stored profile trust is damaged: \(error)")
        }
    }

    func requireTrust() async throws -> ProfileTrust {
        guard let trust = try await installedTrust() else {
            throw HubError.conflict(
                "no-trust", "the hub holds no profile trust yet; set it first with loket admin profile-trust")
        }
        return trust
    }

    /// Whether the fleet's trust lists this hub's reissue key.
    func automaticRollback() async throws -> Bool {
        guard let trust = try await installedTrust() else { return false }
        let key = try await reissueKey()
        return trust.reissuers[key.keyID] == key.publicKeyBase64
    }

    /// The hub's reissue key, made on first use and kept in the store, so every hub
    /// process signs with the same one.
    func reissueKey() async throws -> SigningKeyFile {
        for _ in 0..<4 {
            if let bytes = try await store.document(named: Self.reissueKeyDocument) {
                do {
                    return try SigningKeyFile(text: String(decoding: bytes, as: UTF8.self), source: "the reissue key")
                } catch {
                    throw HubError(status: 500, code: "store-damaged", "\(error)")
                }
            }
            let key = Curve25519.Signing.PrivateKey()
            let id =
                "hub-reissue-"
                + SHA256.hash(data: key.publicKey.rawRepresentation).prefix(4)
                .map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            let file = SigningKeyFile(keyID: id, privateKey: key)
            if try await store.replaceDocument(
                named: Self.reissueKeyDocument, with: Array(file.text.utf8), expected: nil)
            {
                logger.notice("reissue key made", metadata: ["key": "\(id)"])
                return file
            }
        }
        throw HubError.unavailable("the reissue key could not be read or made")
    }

    func requireDocument(_ name: String) async throws -> [UInt8] {
        guard let body = try await store.document(named: name) else {
            throw HubError(status: 500, code: "store-damaged", "the hub lost the document \(name)")
        }
        return body
    }

    /// Writes an immutable document (a profile version), over a leftover of an attempt
    /// that did not finish.
    func keepDocument(_ name: String, _ body: [UInt8]) async throws {
        let current = try await store.document(named: name)
        guard current != body else { return }
        guard try await store.replaceDocument(named: name, with: body, expected: current) else {
            throw HubError.conflict("busy", "\(name) changed while it was written; retry")
        }
    }

    /// The `targeting.ring` of a stored signed profile (the hub verified it when pushed).
    static func targetingRing(_ body: [UInt8]) -> String {
        guard let text = SignedProfile.unverifiedContent(body),
            let profile = try? ProfileDocument.parse(text, file: "stored profile")
        else { return "all" }
        return profile.targeting.ring
    }

    var date: Date { Date(timeIntervalSince1970: Double(now) / 1000) }
}
