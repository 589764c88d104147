import LoketKiosk
public import LoketProtocol
import LoketSync

extension Hub {
    /// The name the profile trust file is kept under.
    static let profileTrustDocument = "profile-trust"

    /// An admin sets the fleet's profile trust file. The first may be any self-signed
    /// trust; every later one must be a valid rotation of the one the hub holds (the next
    /// version, signed by the old keys and by its own), as terminals will check it.
    public func setProfileTrust(_ body: [UInt8], by principal: Principal) async throws -> ProfileTrustReceipt {
        guard principal.isAdmin else {
            throw HubError.forbidden("admin-only", "only an admin key may set the profile trust")
        }
        do { _ = try SignedDocument(kind: ProfileTrust.kind, json: body) } catch {
            throw HubError.badRequest("bad-trust", "the body is not a signed trust document: \(error)")
        }
        // A document of the right form that does not prove itself (its own keys must sign it).
        let trust: ProfileTrust
        do { trust = try ProfileTrust(file: body) } catch {
            throw HubError.forbidden("trust-not-proven", "the trust file is not usable: \(error)")
        }
        let current = try await store.document(named: Self.profileTrustDocument)
        if let current {
            guard current != body else { return Self.receipt(trust) }
            let installed: ProfileTrust
            do { installed = try ProfileTrust(file: current) } catch {
                throw HubError(status: 500, code: "store-damaged", "the stored profile trust is damaged: \(error)")
            }
            do { _ = try installed.rotated(to: try SignedDocument(kind: ProfileTrust.kind, json: body)) } catch {
                throw HubError.conflict(
                    "trust-rotation-refused",
                    "the hub holds trust version \(installed.version); the new file is not a valid rotation of it: \(error)"
                )
            }
        }
        // Every version also goes to the fleet as the record `trust:<version>`: terminals
        // enrolled earlier follow the rotations one by one, as they check them.
        let time = HybridTime(packed: Int64(now) << 16)!
        let record = Self.profileRecord(
            id: "trust:\(trust.version)", scope: Scope.fleet, kind: "trust", profile: "", version: trust.version,
            document: body, time: time)
        guard
            try await store.publish(
                record, origin: Self.hubReplica, replacing: Self.profileTrustDocument, with: body, expected: current)
        else {
            throw HubError.conflict(
                "trust-changed", "the profile trust changed while this request was checked; send it again")
        }
        logger.notice(
            "profile trust set", metadata: ["trust.version": "\(trust.version)", "by": "\(principal.header)"])
        await audit(principal, "trust.set", "profile-trust", detail: "version \(trust.version)")
        return Self.receipt(trust)
    }

    /// The trust file terminals receive at enrolment, if an admin has set one.
    func profileTrustText() async throws -> String? {
        try await store.document(named: Self.profileTrustDocument).map { String(decoding: $0, as: UTF8.self) }
    }

    static func receipt(_ trust: ProfileTrust) -> ProfileTrustReceipt {
        ProfileTrustReceipt(
            version: trust.version, keys: trust.keys.keys.sorted(), threshold: trust.threshold,
            reissuers: trust.reissuers.keys.sorted())
    }
}
