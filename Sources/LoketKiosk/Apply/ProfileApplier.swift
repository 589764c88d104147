import Crypto
import Foundation
import GRDB
public import Logging
public import LoketStore
public import LoketSync

/// The terminal's side of a rollout: after each sync it reads the `profiles` collection,
/// follows trust rotations one version at a time, and applies the newest version of its
/// assigned profile that passes every check (``ProfileVerifier``) — installing the
/// browser policy and units (``ProfileInstaller``) and the agent's `kiosk.*` settings.
/// Whatever it decides, applied or refused, it reports once per document through the
/// `profile_reports` collection, so the hub hears of refusals and of health.
public struct ProfileApplier: Sendable {
    public let replica: Replica
    public let installer: ProfileInstaller
    let clock: any WallClock
    let logger: Logger
    let peripherals: @Sendable (ExpectedPeripherals) -> Bool?

    /// - Parameter peripherals: whether the devices a profile expects are there (`nil`:
    ///   cannot tell); asked after installing, for the report. The device watch
    ///   (peripherals) answers it; until then nothing is known.
    public init(
        replica: Replica, installer: ProfileInstaller, clock: any WallClock, logger: Logger,
        peripherals: @escaping @Sendable (ExpectedPeripherals) -> Bool? = { _ in nil }
    ) {
        self.replica = replica
        self.installer = installer
        self.clock = clock
        self.logger = logger
        self.peripherals = peripherals
    }

    /// One row of the `profiles` collection.
    struct Record {
        var id: String
        var kind: String
        var profile: String
        var version: Int
        var document: [UInt8]
        var digest: String
    }

    /// Whether a `profiles` document is the hub's reissue of admin-signed content.
    static func isReissue(_ document: [UInt8]) -> Bool {
        (try? SignedDocument(kind: SignedProfile.kind, json: document)).map { ReissuedProfile.isReissue($0.signed) }
            ?? false
    }

    /// Applies what is new; answers what it judged this time.
    @discardableResult
    public func apply() throws -> [ProfileJudgement] {
        let settings = try replica.settings(prefix: "")
        guard let terminal = settings["sync.terminal"] else { return [] }
        let records = try readRecords()
        var judged = Self.object(settings[KioskSettingKeys.judged])
        var seen = Self.object(settings[KioskSettingKeys.seen])
        var newSettings: [String: String?] = [:]
        var judgements: [ProfileJudgement] = []
        var installed: KioskProfile?

        func judge(_ record: Record, _ result: String, _ detail: String?) {
            guard judged[record.digest] != result else { return }
            judged[record.digest] = result
            judgements.append(
                ProfileJudgement(
                    profile: record.kind == "trust" ? "trust" : record.profile, version: record.version,
                    result: result, detail: detail))
        }

        // Trust first: a profile signed by rotated keys needs the rotated trust.
        var trust: ProfileTrust?
        if let text = settings[KioskSettingKeys.trust] { trust = try? ProfileTrust(file: Array(text.utf8)) }
        if var current = trust {
            for record in records.filter({ $0.kind == "trust" && $0.version > current.version })
                .sorted(by: { $0.version < $1.version })
            {
                if judged[record.digest] != nil { break }
                do {
                    current = try current.rotated(
                        to: try SignedDocument(kind: ProfileTrust.kind, json: record.document))
                    newSettings[KioskSettingKeys.trust] = String(decoding: record.document, as: UTF8.self)
                    judge(record, "applied", nil)
                    logger.notice("profile trust rotated", metadata: ["trust.version": "\(current.version)"])
                } catch {
                    judge(record, error.code, error.message)
                    logger.warning("a trust rotation was refused", metadata: ["refusal": "\(error)"])
                    break
                }
            }
            // A profile installed under keys the new trust no longer holds is checked again:
            // a key removed because it was stolen must not keep its profile running.
            if current.version != trust?.version, let digest = settings[KioskSettingKeys.installedDigest],
                let record = records.first(where: { $0.digest == digest })
            {
                let verifier = ProfileVerifier(trust: current, branch: nil)
                do {
                    _ = try verifier.verify(record.document, now: .distantPast)
                } catch  where ["untrusted-key", "bad-signature", "unsigned"].contains(error.code) {
                    let reason = "its signers are not in trust version \(current.version): \(error.message)"
                    newSettings[KioskSettingKeys.installedRevoked] = reason
                    judge(record, "revoked", reason)
                    logger.critical(
                        "the installed profile is no longer trusted", metadata: ["reason": "\(reason)"])
                } catch {
                    // Not a question of its signers (it was verified when installed): said,
                    // and the profile keeps running.
                    logger.warning(
                        "the installed profile could not be checked against the new trust",
                        metadata: ["error": "\(error)"])
                }
            }
            trust = current
        }

        if let assigned = settings[KioskSettingKeys.assignedProfile] {
            let mine = records.filter { $0.kind == "profile" && $0.profile == assigned }
            let installedVersion =
                settings[KioskSettingKeys.installedProfile] == assigned
                ? Int(settings[KioskSettingKeys.installedVersion] ?? "") ?? 0 : 0
            let installedAdminVersion =
                settings[KioskSettingKeys.installedProfile] == assigned
                ? Int(settings[KioskSettingKeys.installedAdminVersion] ?? "") ?? installedVersion : 0
            // A record that goes backwards is somebody trying to roll this terminal back.
            for record in mine {
                if let before = Int(seen[record.id] ?? ""), record.version < before {
                    judge(
                        record, "not-newer",
                        "record \(record.id) went back from version \(before) to \(record.version)")
                }
                seen[record.id] = String(record.version)
            }
            var tried = Set<String>()
            let candidates = mine.filter {
                $0.version > (Self.isReissue($0.document) ? installedVersion : installedAdminVersion)
            }
            for record in candidates.sorted(by: { $0.version > $1.version }) {
                guard tried.insert(record.digest).inserted else { continue }
                if let earlier = judged[record.digest], earlier != "apply-failed" { continue }
                guard let trust else {
                    judge(
                        record, "untrusted-key",
                        "this terminal holds no trust file; enrol it again after the admins set one at the hub")
                    continue
                }
                let verifier = ProfileVerifier(
                    trust: trust, branch: Self.branch(settings["sync.scopes"]),
                    highestVersions: [assigned: installedVersion],
                    highestAdminVersions: [assigned: installedAdminVersion])
                let profile: KioskProfile
                do {
                    profile = try verifier.verify(record.document, now: Date(milliseconds: clock.nowMilliseconds()))
                } catch {
                    judge(record, error.code, error.message)
                    logger.warning(
                        "a profile was refused", metadata: ["version": "\(record.version)", "refusal": "\(error)"])
                    continue
                }
                guard profile.id == assigned, profile.version == record.version else {
                    judge(
                        record, "malformed",
                        "record \(record.id) says \(record.profile) version \(record.version), the document \(profile.id) version \(profile.version)"
                    )
                    continue
                }
                do {
                    try installer.install(profile)
                } catch {
                    judge(record, "apply-failed", error.description)
                    logger.error("a profile could not be installed", metadata: ["error": "\(error)"])
                    break
                }
                for (key, value) in AgentSettings.settings(profile) { newSettings[key] = value }
                newSettings[KioskSettingKeys.installedAdminVersion] = String(
                    Self.isReissue(record.document) ? installedAdminVersion : profile.version)
                newSettings[KioskSettingKeys.installedDigest] = record.digest
                newSettings[KioskSettingKeys.installedRevoked] = .some(nil)
                newSettings[KioskSettingKeys.installedDocument] = (try? CanonicalJSON.encode(profile))
                    .map { String(decoding: $0, as: UTF8.self) }
                judge(record, "applied", nil)
                installed = profile
                logger.notice(
                    "profile applied", metadata: ["profile": "\(profile.id)", "version": "\(profile.version)"])
                break
            }
        }

        newSettings[KioskSettingKeys.judged] = Self.text(judged)
        newSettings[KioskSettingKeys.seen] = Self.text(seen)
        let now = Int64(clamping: clock.nowMilliseconds())
        let peripheralsOK = installed.flatMap { peripherals($0.peripherals) }
        let lag = settings["sync.last_success_ms"].flatMap(Int64.init).map { max(0, (now - $0) / 1000) }
        try replica.write { tx in
            // Settings and reports change together: a report is never lost for a profile
            // that is installed, nor sent for one that is not.
            tx.setSettings(newSettings)
            for judgement in judgements {
                try tx.put(
                    "profile_reports", id: "\(terminal)/\(judgement.profile)", scope: "terminal:\(terminal)",
                    RecordUpdate(set: [
                        "profile": .string(judgement.profile), "version": .int(Int64(judgement.version)),
                        "result": .string(judgement.result), "detail": judgement.detail.map { .string($0) } ?? .null,
                        "peripherals_ok": judgement.result == "applied" && judgement.profile != "trust"
                            ? peripheralsOK.map { .bool($0) } ?? .null : .null,
                        "sync_lag_s": lag.map { .int($0) } ?? .null, "reported_at": .int(now),
                    ]))
            }
        }
        return judgements
    }

    func readRecords() throws -> [Record] {
        try replica.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, profile, version, document FROM profiles").compactMap { row in
                guard let kind = row["kind"] as String?, let version = row["version"] as Int64?,
                    let document = row["document"] as String?
                else { return nil }
                let bytes = Array(document.utf8)
                return Record(
                    id: row["id"], kind: kind, profile: row["profile"] ?? "", version: Int(clamping: version),
                    document: bytes, digest: SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
            }
        }
    }

    /// The terminal's branch id: its `branch:` scope (empty when it has none).
    static func branch(_ scopes: String?) -> String {
        let branch = (scopes ?? "").split(separator: " ").first { $0.hasPrefix("branch:") }
        return branch.map { String($0.dropFirst("branch:".count)) } ?? ""
    }

    static func object(_ text: String?) -> [String: String] {
        guard let text, case .object(let members)? = try? FieldValue(json: text) else { return [:] }
        return members.compactMapValues { if case .string(let value) = $0 { value } else { nil } }
    }

    static func text(_ object: [String: String]) -> String {
        FieldValue.object(object.mapValues { .string($0) }).canonicalJSON
    }
}

extension Date {
    init(milliseconds: UInt64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
