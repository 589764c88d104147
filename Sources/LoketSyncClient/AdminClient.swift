import Crypto
import Foundation
public import LoketProtocol
public import LoketStore
public import LoketSync

/// What an admin does at the hub from the command line: order enrolment codes, list
/// terminals. Requests are signed with the admin's key file.
public final class AdminClient: Sendable {
    let connection: HubConnection
    let key: SigningKeyFile

    public init(hub: String, key: SigningKeyFile, configuration: SyncConfiguration, clock: any WallClock) throws {
        self.connection = try HubConnection(baseURL: hub, configuration: configuration, clock: clock)
        self.key = key
    }

    var signer: (principal: String, key: Curve25519.Signing.PrivateKey) { ("key:" + key.keyID, key.privateKey) }

    /// Orders a one-time enrolment code for a terminal.
    public func order(_ order: EnrolmentOrder) async throws -> EnrolmentTicket {
        let answer = try await connection.send(
            "POST", "/v1/admin/enrolments", body: Array(try JSONEncoder().encode(order)),
            contentType: ProtocolHeaders.jsonMediaType, signer: signer)
        do { return try JSONDecoder().decode(EnrolmentTicket.self, from: Data(answer.body)) } catch {
            throw SyncError.badAnswer("the enrolment ticket is not JSON of the expected form: \(error)")
        }
    }

    /// Sets the fleet's profile trust file (loket profile trust); the hub refuses one that
    /// is not a valid rotation of the trust it holds.
    public func setProfileTrust(_ file: [UInt8]) async throws -> ProfileTrustReceipt {
        let answer = try await connection.send(
            "PUT", "/v1/admin/profile-trust", body: file, contentType: ProtocolHeaders.jsonMediaType, signer: signer)
        do { return try JSONDecoder().decode(ProfileTrustReceipt.self, from: Data(answer.body)) } catch {
            throw SyncError.badAnswer("the trust receipt is not JSON of the expected form: \(error)")
        }
    }

    /// Pushes a signed profile version (loket profile sign); nothing is sent to terminals
    /// until a rollout.
    public func pushProfile(_ signed: [UInt8]) async throws -> ProfileStatus {
        try decode(
            try await connection.send(
                "POST", "/v1/admin/profiles", body: signed, contentType: ProtocolHeaders.jsonMediaType, signer: signer
            ).body, "the profile status")
    }

    /// Sends a version of profile `id` to a ring.
    public func rollout(_ id: String, _ order: RolloutOrder) async throws -> ProfileStatus {
        try decode(
            try await connection.send(
                "POST", "/v1/admin/profiles/\(id)/rollout", body: Array(try JSONEncoder().encode(order)),
                contentType: ProtocolHeaders.jsonMediaType, signer: signer
            ).body, "the profile status")
    }

    /// Halts profile `id`'s rollout; the hub re-issues the last good content.
    public func rollback(_ id: String) async throws -> ProfileStatus {
        try decode(
            try await connection.send(
                "POST", "/v1/admin/profiles/\(id)/rollback", body: Array("{}".utf8),
                contentType: ProtocolHeaders.jsonMediaType, signer: signer
            ).body, "the profile status")
    }

    /// One profile's rollout, or every profile's when `id` is `nil`.
    public func profileStatuses(_ id: String?) async throws -> [ProfileStatus] {
        if let id {
            return [
                try decode(
                    try await connection.send("GET", "/v1/admin/profiles/\(id)", signer: signer).body,
                    "the profile status")
            ]
        }
        return try decode(
            try await connection.send("GET", "/v1/admin/profiles", signer: signer).body, "the profile statuses")
    }

    /// The public half of the hub's reissue key.
    public func reissueKey() async throws -> ReissueKeyInfo {
        try decode(try await connection.send("GET", "/v1/admin/reissue-key", signer: signer).body, "the reissue key")
    }

    func decode<T: Decodable>(_ body: [UInt8], _ what: String) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(body)) } catch {
            throw SyncError.badAnswer("\(what) is not JSON of the expected form: \(error)")
        }
    }

    /// The audit log the hub holds, with the head of every chain.
    public func auditLog() async throws -> AuditLogPage {
        try decode(try await connection.send("GET", "/v1/admin/audit", signer: signer).body, "the audit log")
    }

    /// The fleet's alerts the key may see, as JSON text: open ones, or all kept.
    public func alerts(includeCleared: Bool = false) async throws -> String {
        let answer = try await connection.send(
            "GET", "/v1/admin/alerts?state=\(includeCleared ? "all" : "open")", signer: signer)
        return String(decoding: answer.body, as: UTF8.self)
    }

    /// Marks an alert as seen; answers the alert as JSON text.
    public func acknowledgeAlert(_ id: String) async throws -> String {
        let answer = try await connection.send(
            "POST", "/v1/admin/alerts/\(id)/acknowledge", body: Array("{}".utf8),
            contentType: ProtocolHeaders.jsonMediaType, signer: signer)
        return String(decoding: answer.body, as: UTF8.self)
    }

    /// One statistics table as CSV text (`sessions`, `questions`, `prints`, `loans`).
    public func statistics(_ table: String) async throws -> String {
        String(
            decoding: try await connection.send("GET", "/v1/admin/statistics/\(table)", signer: signer).body,
            as: UTF8.self)
    }

    /// The enrolled terminals, as JSON text.
    public func terminals() async throws -> String {
        let answer = try await connection.send("GET", "/v1/admin/terminals", signer: signer)
        return String(decoding: answer.body, as: UTF8.self)
    }

    /// Retires the terminal `name`: its key is refused from then on.
    public func retireTerminal(_ name: String) async throws {
        let path = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
        _ = try await connection.send("DELETE", "/v1/admin/terminals/\(path)", signer: signer)
    }

    public func shutdown() async throws {
        try await connection.shutdown()
    }
}
